-- The boligområder a plan covers, in the plan's order.
select
    a.geo_code,
    g.name as geo_name,
    a.sort_order
from plan_area as a
inner join geography as g on g.code = a.geo_code
where a.plan_id = $plan_id
order by a.sort_order
