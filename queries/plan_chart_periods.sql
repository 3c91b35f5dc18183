-- For the charts of a plan's indicators: which quarters or months a year summed from its
-- parts covers, the source of those parts, and the afdelinger behind each area's figure
-- (observation_chart_period_for), for the geographies plan_series draws (the same keys,
-- picked by the same plan_series_keys macro). Only the observation rows behind them are
-- windowed and aggregated.
with wanted as (
    select indicator_code, geo_code, role
    from plan_series_keys($plan_id)
),

-- The observations the figures are made of: each wanted geography's own and, for an area,
-- those of the afdelinger behind it.
needed as (
    select indicator_code, geo_code
    from wanted
    union
    select w.indicator_code, l.child_code
    from wanted as w
    inner join geography_leaf_below(wanted) as l on l.parent_code = w.geo_code
),

-- The geographies alone first: DuckDB filters the scan far better on one column than it
-- probes a two-column key (a third of the time at 10 M observations).
needed_geo as (
    select distinct geo_code
    from needed
),

-- (Only the columns the figures need: reading the raw text of every row costs more than
-- the rest together.)
plan_observation as (
    select
        o.observation_id, o.indicator_code, o.geo_code, o.period, o.period_type, o.year,
        o.value, o.numerator, o.denominator, o.suppressed, o.suppressed_below, o.uncertain,
        o.survey, o.note, o.batch_id
    from observation as o
    semi join needed_geo as ng on ng.geo_code = o.geo_code
    semi join needed as n using (indicator_code, geo_code)
),

plan_current as (
    select *
    from observation_current_of(plan_observation)
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
