-- Every version of a plan, oldest first (without its content).
with versions as (
    select
        version_id,
        plan_id,
        version_no,
        saved_by,
        saved_at,
        reason,
        in_force_from,
        adopted_meeting_id,
        adopted_on,
        adopted_note,
        sha256
    from plan_version
    where plan_id = $plan_id
)

select *
from versions
order by version_no
