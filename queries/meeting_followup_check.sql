-- The given follow-up versions with their plan and state, and whether each is the newest
-- submitted version of its follow-up (to check they can be presented and approved).
with submitted as (
    select
        version_id,
        row_number() over (partition by plan_id, year, goal_id order by version_no desc) = 1
            as is_newest
    from followup_version
    where state = 'submitted'
)

select v.version_id, v.plan_id, v.state, coalesce(s.is_newest, false) as is_newest_submitted
from followup_version as v
left join submitted as s using (version_id)
where list_contains($version_ids, v.version_id)
