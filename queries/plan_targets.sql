-- Targets of a plan.
select
    goal_id,
    indicator_code,
    geo_code,
    kind,
    threshold,
    per,
    text
from target
where plan_id = $plan_id
