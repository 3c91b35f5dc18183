-- The version of a plan in force on a date: the newest version whose in-force date has come
-- (a later save replaces an earlier one from its own in-force date on).
with in_force as (
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
    where plan_id = $plan_id and in_force_from <= cast($as_of as date)
)

select *
from in_force
order by version_no desc
limit 1
