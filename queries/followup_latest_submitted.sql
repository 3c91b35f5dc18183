-- The newest submitted version of one follow-up (plan, year, goal).
select version_id
from followup_version
where plan_id = $plan_id and year = $year and goal_id = $goal_id and state = 'submitted'
order by version_no desc
limit 1
