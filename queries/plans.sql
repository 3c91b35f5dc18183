-- Every plan, newest period first.
select
    plan_id,
    name,
    kommune_code,
    period_start,
    period_end,
    predecessor
from plan
order by period_start desc, plan_id
