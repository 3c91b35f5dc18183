-- Yearly figures for every indicator a plan follows, for its areas and their comparators
-- (baseline geographies, the plan's kommune, almene boliger i kommunen and landsplan).
-- Only the observation rows behind these figures are windowed and aggregated (migration 017's
-- macros); the rest of the table is only scanned on its key columns. (plan_chart_periods
-- picks the same keys, both by the plan_series_keys macro.)
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
),

series as (
    select *
    from observation_series_of(plan_current)
)

select
    w.indicator_code,
    w.geo_code,
    g.name as geo_name,
    w.role,
    s.period,
    s.year,
    s.value,
    s.numerator,
    s.denominator,
    s.suppressed,
    s.suppressed_below,
    s.uncertain,
    s.partial,
    s.incomplete,
    s.survey,
    s.note,
    s.batch_id
from wanted as w
inner join series as s using (indicator_code, geo_code)
inner join geography as g on g.code = w.geo_code
order by w.indicator_code, w.geo_code, s.year
