-- Every plan version, as the audit check compares them with the entries that recorded them.
with versions as (
    select
        version_id,
        plan_id,
        version_no,
        saved_by,
        reason,
        in_force_from,
        adopted_on,
        adopted_note,
        adopted_meeting_id,
        sha256,
        cast(content as varchar) as content
    from plan_version
)

select *
from versions
order by version_id
