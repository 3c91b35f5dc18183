-- Every registry load, as the audit check compares them with the entries that recorded them.
with loads as (
    select
        sha256,
        loaded_by,
        loaded_at
    from registry_load
)

select *
from loads
order by loaded_at
