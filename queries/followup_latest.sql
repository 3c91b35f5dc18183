-- The newest version of one follow-up (plan, year, goal), draft or submitted.
select
    v.version_id,
    v.plan_id,
    v.year,
    v.goal_id,
    v.version_no,
    v.state,
    v.status,
    v.story_md,
    v.next_steps,
    v.replaces,
    v.corrects,
    v.author,
    v.created_at,
    s.sha256 as snapshot_sha256
from followup_version as v
left join followup_snapshot as s using (version_id)
where v.plan_id = $plan_id and v.year = $year and v.goal_id = $goal_id
order by v.version_no desc
limit 1
