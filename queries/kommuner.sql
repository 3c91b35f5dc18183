-- The kommuner a plan can lie in.
select
    code,
    name
from geography
where level = 'kommune'
order by name
