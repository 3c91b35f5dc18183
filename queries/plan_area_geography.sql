-- The boligområder a plan defines otherwise than the area's shared geography, and the
-- geography of the plan's own definition (migration 022).
select
    area_code,
    geo_code
from plan_area_geography
where plan_id = $plan_id
order by area_code
