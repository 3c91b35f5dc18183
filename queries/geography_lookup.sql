-- Every spelling and code of every geography, with its name and level.
with spellings as (
    select
        alias_norm,
        geo_code
    from geography_alias
    union
    select
        lower(code) as alias_norm,
        code as geo_code
    from geography
)

select
    s.alias_norm,
    g.code,
    g.name,
    g.level,
    g.kommune_code
from spellings as s
inner join geography as g on s.geo_code = g.code
order by g.code, s.alias_norm
