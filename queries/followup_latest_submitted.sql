-- The newest submitted version of one follow-up (plan, year, goal), with its approval, and
-- whether any submitted version of it was ever approved.
select
    version_id,
    approved_on,
    bool_or(approved_on is not null) over () as ever_approved
from followup_version_v
where plan_id = $plan_id and year = $year and goal_id = $goal_id and state = 'submitted'
order by version_no desc
limit 1
