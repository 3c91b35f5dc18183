-- Baselines of one version of a plan (as plan_baselines_detail for the newest).
select
    b.goal_id,
    b.indicator_code,
    b.area_code,
    b.geo_code,
    geo.name as geo_name,
    geo.level as geo_level,
    b.role,
    b.value,
    b.count,
    b.year,
    b.source,
    b.uncertain,
    b.note,
    i.unit
from pv_baseline as b
inner join geography as geo on geo.code = b.geo_code
inner join indicator as i on i.code = b.indicator_code
where b.plan_id = $plan_id and b.version_no = $version_no
order by b.sort_order
