-- Every follow-up version with its frozen snapshot, as the audit check compares them with the
-- entries that recorded them (the snapshot's text hashed again, to catch an edit in place).
with snapshot as (
    select
        version_id,
        sha256,
        sha256(content) as content_sha256
    from followup_snapshot
)

select
    v.version_id,
    v.plan_id,
    v.year,
    v.goal_id,
    v.state,
    v.status,
    v.story_md,
    v.next_steps,
    v.replaces,
    v.corrects,
    v.reason,
    v.after_approval,
    v.author,
    s.sha256 as snapshot_sha256,
    s.content_sha256 as snapshot_content_sha256
from followup_version as v
left join snapshot as s on s.version_id = v.version_id
order by v.version_id
