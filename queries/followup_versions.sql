-- Every version of a plan's follow-ups (optionally one year and one goal), oldest first.
select
    v.version_id,
    v.plan_id,
    v.year,
    v.goal_id,
    g.kind,
    g.indsatsomraade,
    g.title as goal,
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
left join goal as g on g.plan_id = v.plan_id and g.goal_id = v.goal_id
left join followup_snapshot as s on s.version_id = v.version_id
where
    v.plan_id = $plan_id
    and (cast($year as integer) is null or v.year = $year)
    and (cast($goal_id as varchar) is null or v.goal_id = $goal_id)
order by v.year, g.sort_order, v.goal_id, v.version_no
