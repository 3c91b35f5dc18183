-- One row per baseline of a plan, in the plan's own order.
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
        b.geo_code,
        geo.name as geo_name,
        b.role as comparator,
        b.value,
        b.count,
        b.year,
        b.source,
        b.uncertain,
        g.goal_order,
        b.sort_order
    from baseline as b
    inner join goals as g using (plan_id, goal_id)
    inner join indicator as i on i.code = b.indicator_code
    inner join geography as geo on geo.code = b.geo_code
)

select
    plan_id,
    goal,
    indicator_code,
    indicator_name,
    geo_code,
    geo_name,
    comparator,
    value,
    count,
    year,
    source,
    uncertain
from baselines
order by goal_order, sort_order
