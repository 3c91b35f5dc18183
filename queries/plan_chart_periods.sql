-- For the charts of a plan's indicators: which quarters or months a year summed from its
-- parts covers, the source of those parts, and the afdelinger behind each area's figure
-- (view observation_chart_period), for every geography that has figures of the indicators.
select
    p.indicator_code,
    p.geo_code,
    p.year,
    p.covered_type,
    p.covered,
    p.survey,
    p.afdelinger
from observation_chart_period as p
where p.indicator_code in (
    select gi.indicator_code
    from goal_indicator as gi
    where gi.plan_id = $plan_id
)
order by p.indicator_code, p.geo_code, p.year
