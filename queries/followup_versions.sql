-- Every version of a plan's follow-ups (optionally one year and one goal), oldest first.
select *
from followup_version_v
where
    plan_id = $plan_id
    and (cast($year as integer) is null or year = $year)
    and (cast($goal_id as varchar) is null or goal_id = $goal_id)
order by year, sort_order, goal_id, version_no
