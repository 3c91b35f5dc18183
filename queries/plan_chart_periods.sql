-- For the charts of a plan's indicators: which quarters or months a year summed from its
-- parts covers, the source of those parts, and the afdelinger behind each area's figure
-- (observation_chart_period_for), for the geographies plan_series draws (the same keys,
-- picked by the same plan_series_keys macro). Only the observation rows behind them are
-- windowed and aggregated.
with keys as (
    select indicator_code, geo_code, role
    from plan_series_keys($plan_id)
),

-- As plan_series: a boligområde the plan defines otherwise (migration 022) is summed over the
-- plan's own geography of it in the years the area has no figures of its own.
own_area as (
    select area_code, geo_code as own_code
    from plan_area_geography
    where plan_id = $plan_id
),

wanted as (
    select indicator_code, geo_code, role
    from keys
    union all
    select k.indicator_code, o.own_code, k.role
    from keys as k
    inner join own_area as o on o.area_code = k.geo_code
),

plan_current as (
    select *
    from plan_current_observations(wanted)
),

periods as materialized (
    select *
    from observation_chart_period_for(plan_current, wanted)
),

delivered_year as (
    select distinct c.indicator_code, c.geo_code, c.year
    from plan_current as c
    semi join own_area as o on o.area_code = c.geo_code
),

picked as (
    select p.indicator_code, p.geo_code, p.year, p.covered_type, p.covered, p.survey, p.afdelinger
    from periods as p
    anti join own_area as o on o.area_code = p.geo_code or o.own_code = p.geo_code
    union all
    select p.indicator_code, p.geo_code, p.year, p.covered_type, p.covered, p.survey, p.afdelinger
    from periods as p
    semi join own_area as o on o.area_code = p.geo_code
    semi join delivered_year as d
        on d.indicator_code = p.indicator_code and d.geo_code = p.geo_code and d.year = p.year
    union all
    select
        p.indicator_code, o.area_code as geo_code, p.year, p.covered_type, p.covered, p.survey,
        p.afdelinger
    from periods as p
    inner join own_area as o on o.own_code = p.geo_code
    anti join delivered_year as d
        on d.indicator_code = p.indicator_code and d.geo_code = o.area_code and d.year = p.year
)

select
    p.indicator_code,
    p.geo_code,
    p.year,
    p.covered_type,
    p.covered,
    p.survey,
    p.afdelinger
from picked as p
where p.indicator_code in (
    select gi.indicator_code
    from goal_indicator as gi
    where gi.plan_id = $plan_id
)
order by p.indicator_code, p.geo_code, p.year
