-- One follow-up version by id, with its goal and snapshot fingerprint.
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
where v.version_id = $version_id
