-- Yearly figures for every indicator a plan follows, for its areas and their comparators
-- (baseline geographies, the plan's kommune, almene boliger i kommunen and landsplan).
-- Only the observation rows behind these figures are windowed and aggregated (migration 017's
-- macros); the rest of the table is only scanned on its key columns. (plan_chart_periods
-- picks the same keys, both by the plan_series_keys macro.)
with keys as (
    select indicator_code, geo_code, role
    from plan_series_keys($plan_id)
),

-- A boligområde the plan defines otherwise than the area's shared geography (migration 022):
-- its figures summed over afdelinger are summed over the plan's own geography of it.
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

series as materialized (
    select *
    from observation_series_for(plan_current, wanted)
),

-- The years an area has figures of its own (delivered for the area, or its quarters/months):
-- those win over a sum over the plan's afdelinger, as over the shared sum.
delivered_year as (
    select distinct c.indicator_code, c.geo_code, c.year
    from plan_current as c
    semi join own_area as o on o.area_code = c.geo_code
),

picked as (
    select
        k.indicator_code, k.geo_code, k.role, s.period, s.year, s.value, s.numerator,
        s.denominator, s.suppressed, s.suppressed_below, s.uncertain, s.partial, s.incomplete,
        s.survey, s.note, s.batch_id
    from keys as k
    inner join series as s on s.indicator_code = k.indicator_code and s.geo_code = k.geo_code
    anti join own_area as o on o.area_code = k.geo_code
    union all
    select
        k.indicator_code, k.geo_code, k.role, s.period, s.year, s.value, s.numerator,
        s.denominator, s.suppressed, s.suppressed_below, s.uncertain, s.partial, s.incomplete,
        s.survey, s.note, s.batch_id
    from keys as k
    inner join series as s on s.indicator_code = k.indicator_code and s.geo_code = k.geo_code
    semi join delivered_year as d
        on d.indicator_code = k.indicator_code and d.geo_code = k.geo_code and d.year = s.year
    union all
    select
        k.indicator_code, k.geo_code, k.role, s.period, s.year, s.value, s.numerator,
        s.denominator, s.suppressed, s.suppressed_below, s.uncertain, s.partial, s.incomplete,
        s.survey, s.note, s.batch_id
    from keys as k
    inner join own_area as o on o.area_code = k.geo_code
    inner join series as s on s.indicator_code = k.indicator_code and s.geo_code = o.own_code
    anti join delivered_year as d
        on d.indicator_code = k.indicator_code and d.geo_code = k.geo_code and d.year = s.year
)

select
    w.indicator_code,
    w.geo_code,
    g.name as geo_name,
    w.role,
    w.period,
    w.year,
    w.value,
    w.numerator,
    w.denominator,
    w.suppressed,
    w.suppressed_below,
    w.uncertain,
    w.partial,
    w.incomplete,
    w.survey,
    w.note,
    w.batch_id
from picked as w
inner join geography as g on g.code = w.geo_code
order by w.indicator_code, w.geo_code, w.year
