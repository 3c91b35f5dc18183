-- One row per baseline of a plan, in the plan's own order: the area the goal follows the
-- indicator for, the baseline's geography and role, the comparator's name (for a kommune or
-- sammenligning baseline) and the plan's note (e.g. why a figure is uncertain).
with goals as (
    select plan_id, goal_id, title, sort_order as goal_order
    from goal
    where plan_id = $plan_id
),

baselines as (
    select
        b.plan_id,
        g.title as goal,
        b.indicator_code,
        i.name as indicator_name,
        b.area_code,
        area.name as area_name,
        b.geo_code,
        geo.name as geo_name,
        b.role,
        case when b.role <> 'omraade' then geo.name end as comparator,
        b.value,
        b.count,
        b.year,
        b.source,
        b.uncertain,
        b.note,
        g.goal_order,
        b.sort_order
    from baseline as b
    inner join goals as g using (plan_id, goal_id)
    inner join indicator as i on i.code = b.indicator_code
    inner join geography as geo on geo.code = b.geo_code
    inner join geography as area on area.code = b.area_code
)

select
    plan_id,
    goal,
    indicator_code,
    indicator_name,
    area_code,
    area_name,
    geo_code,
    geo_name,
    role,
    comparator,
    value,
    count,
    year,
    source,
    uncertain,
    note
from baselines
order by goal_order, sort_order
