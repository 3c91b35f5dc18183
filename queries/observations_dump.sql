-- The current figures, aggregates included, for every plan (or one), in the dump's columns.
-- Quarters and months stand as loaded beside the years (a year of a share is never made from
-- them), and every figure names its survey or source, so a series joining two shows the break.
with plan_geos as (
    select p.plan_id, a.geo_code
    from plan as p
    inner join plan_area as a using (plan_id)
    union
    select p.plan_id, l.child_code
    from plan as p
    inner join plan_area as a using (plan_id)
    inner join geography_leaf as l on l.parent_code = a.geo_code
    union
    select plan_id, geo_code from goal_indicator
    union
    select plan_id, geo_code from baseline
    union
    select plan_id, kommune_code from plan
    union
    select plan_id, 'almene-' || kommune_code from plan
    union
    select plan_id, '000' from plan
),

figures as (
    select
        indicator_code, geo_code, period, value, numerator, denominator, suppressed, uncertain,
        partial or incomplete as partial, survey, batch_id
    from observation_series
    union all
    select
        indicator_code, geo_code, period, value, numerator, denominator, suppressed, uncertain,
        false as partial, survey, batch_id
    from observation_current
    where period_type <> 'year'
),

chosen as (
    select *
    from plan_geos
    where $plan_id is null or plan_id = $plan_id
)

select
    c.plan_id,
    s.geo_code,
    g.name as geo_name,
    g.level as geo_level,
    s.indicator_code,
    i.name as indicator_name,
    s.period,
    s.value,
    s.numerator,
    s.denominator,
    s.suppressed,
    s.uncertain,
    s.partial,
    i.source_kind,
    s.survey,
    b.sha256 as batch_sha256
from chosen as c
inner join figures as s on s.geo_code = c.geo_code
inner join geography as g on g.code = s.geo_code
inner join indicator as i on i.code = s.indicator_code
left join import_batch as b on b.batch_id = s.batch_id
order by c.plan_id, s.geo_code, s.indicator_code, s.period
