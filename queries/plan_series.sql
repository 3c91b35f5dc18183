-- Yearly figures for every indicator a plan follows, for its areas and their comparators
-- (baseline geographies, the plan's kommune, almene boliger i kommunen and landsplan).
with plan_row as (
    select plan_id, kommune_code
    from plan
    where plan_id = $plan_id
),

followed as (
    select distinct indicator_code, geo_code, 'omraade' as role
    from goal_indicator
    where plan_id = $plan_id
    union
    -- a goal followed for the plan's whole area shows its boligområder as a breakdown
    select distinct gi.indicator_code, a.geo_code, 'omraade' as role
    from goal_indicator as gi
    inner join plan_area as a using (plan_id)
    where gi.plan_id = $plan_id and gi.geo_code = 'plan:' || $plan_id
),

baseline_geos as (
    select distinct indicator_code, geo_code, role
    from baseline
    where plan_id = $plan_id and role <> 'omraade'
),

register_comparators as (
    select distinct f.indicator_code, c.geo_code, c.role
    from followed as f
    inner join indicator as i on i.code = f.indicator_code and i.source_kind = 'lbf'
    cross join plan_row as p
    cross join (
        select p.kommune_code as geo_code, 'kommune' as role from plan_row as p
        union all
        select 'almene-' || p.kommune_code, 'almene_kommune' from plan_row as p
        union all
        select '000', 'landsplan'
    ) as c
),

wanted as (
    select indicator_code, geo_code, min(role) as role
    from (
        select * from followed
        union all
        select * from baseline_geos
        union all
        select * from register_comparators
    )
    group by indicator_code, geo_code
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
inner join observation_series as s using (indicator_code, geo_code)
inner join geography as g on g.code = w.geo_code
order by w.indicator_code, w.geo_code, s.year
