-- The spellings users mapped to registry codes, as they stand now: per kind and spelling the
-- newest row (older rows stay as history).
with newest as (
    select
        alias_id,
        kind,
        alias,
        alias_norm,
        code,
        created_by,
        created_at
    from name_alias
    qualify row_number() over (partition by kind, alias_norm order by alias_id desc) = 1
)

select *
from newest
order by kind, alias_norm
