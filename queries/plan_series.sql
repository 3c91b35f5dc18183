-- Yearly figures for every indicator a plan follows, for its areas and their comparators
-- (baseline geographies, the plan's kommune, almene boliger i kommunen and landsplan).
-- Only the observation rows behind these figures are windowed and aggregated (migration 017's
-- macros); the rest of the table is only scanned on its key columns. (plan_chart_periods
-- picks the same keys, both by the plan_series_keys macro.)
with wanted as (
    select indicator_code, geo_code, role
    from plan_series_keys($plan_id)
),

plan_current as (
    select *
    from plan_current_observations(wanted)
),

series as (
    select *
    from observation_series_for(plan_current, wanted)
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
