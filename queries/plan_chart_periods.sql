-- For the charts of a plan's indicators: which quarters or months a year summed from its
-- parts covers, the source of those parts, and the afdelinger behind each area's figure
-- (observation_chart_period_for), for the geographies plan_series draws (the same keys,
-- picked by the same plan_series_keys macro). Only the observation rows behind them are
-- windowed and aggregated.
with wanted as (
    select indicator_code, geo_code, role
    from plan_series_keys($plan_id)
),

plan_current as (
    select *
    from plan_current_observations(wanted)
)

select
    p.indicator_code,
    p.geo_code,
    p.year,
    p.covered_type,
    p.covered,
    p.survey,
    p.afdelinger
from observation_chart_period_for(plan_current, wanted) as p
where p.indicator_code in (
    select gi.indicator_code
    from goal_indicator as gi
    where gi.plan_id = $plan_id
)
order by p.indicator_code, p.geo_code, p.year
