-- The plans of one kommune with their periods: shaded on the indicator chart, since the
-- series run on across plan periods.
select
    plan_id,
    name,
    period_start,
    period_end
from plan
where kommune_code = $kommune_code
order by period_start
