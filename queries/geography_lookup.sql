-- Every spelling and code of every geography.
select
    a.alias_norm,
    g.code,
    g.name,
    g.level
from geography_alias as a
inner join geography as g on g.code = a.geo_code
order by g.code
