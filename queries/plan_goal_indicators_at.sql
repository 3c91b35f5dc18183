-- Every goal of one version of a plan with its indicators (as plan_goal_indicators for the
-- newest; a goal without indicators gives one row).
with goals as (
    select plan_id, goal_id, kind, indsatsomraade, title, sort_order
    from pv_goal
    where plan_id = $plan_id and version_no = $version_no
),

indicators as (
    select
        gi.plan_id,
        gi.goal_id,
        gi.indicator_code,
        gi.geo_code,
        gi.sort_order,
        i.name as indicator_name,
        i.unit,
        i.direction,
        i.source_kind,
        i.source
    from pv_goal_indicator as gi
    inner join indicator as i on i.code = gi.indicator_code
    where gi.plan_id = $plan_id and gi.version_no = $version_no
)

select
    g.goal_id,
    g.kind,
    g.indsatsomraade,
    g.title,
    i.indicator_code,
    i.indicator_name,
    i.unit,
    i.direction,
    i.source_kind,
    i.source,
    i.geo_code,
    geo.name as geo_name
from goals as g
left join indicators as i using (plan_id, goal_id)
left join geography as geo on geo.code = i.geo_code
order by g.sort_order, i.sort_order
