-- Afdelinger added on import as the audit check compares them with their entries; `in_registry`
-- says whether the geography table still has the row.
select
    a.code,
    a.name,
    a.level,
    a.created_by,
    g.code is not null as in_registry
from geography_added as a
left join geography as g on g.code = a.code
order by a.code
