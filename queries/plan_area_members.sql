-- The afdelinger (and sub-areas) that make up each of a plan's boligområder.
with recursive members as (
    select a.geo_code as area_code, m.child_code as member_code
    from plan_area as a
    inner join geography_member as m on m.parent_code = a.geo_code
    where a.plan_id = $plan_id
    union all
    select s.area_code, m.child_code
    from members as s
    inner join geography_member as m on m.parent_code = s.member_code
)

select distinct
    area_code,
    member_code
from members
order by area_code, member_code
