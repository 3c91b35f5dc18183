-- The kommuner a plan can belong to.
select
    code as geo_code,
    name as geo_name
from geography
where level = 'kommune'
order by name
