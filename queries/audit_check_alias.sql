-- Name mappings as the audit check compares them with their entries.
select
    alias_id,
    kind,
    alias,
    code,
    created_by
from name_alias
order by alias_id
