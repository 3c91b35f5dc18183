-- The newest version of one follow-up (plan, year, goal), draft or submitted.
select *
from followup_version_v
where plan_id = $plan_id and year = $year and goal_id = $goal_id
order by version_no desc
limit 1
