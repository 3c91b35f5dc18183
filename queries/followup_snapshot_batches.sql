-- The import batches behind the current figures of some indicators for some geographies,
-- including the afdelinger that derived figures are summed from.
with geos as (
    select unnest($geo_codes) as geo_code
    union
    select child_code
    from geography_leaf
    where list_contains($geo_codes, parent_code)
),

-- The versions of those keys only, before the newest is picked (migration 017): a snapshot
-- costs what it holds, not the whole table.
known as (
    select o.observation_id, o.indicator_code, o.geo_code, o.period, o.batch_id
    from observation as o
    where
        list_contains($indicator_codes, o.indicator_code)
        and o.geo_code in (select g.geo_code from geos as g)
),

used as (
    select distinct c.batch_id
    from observation_current_of(known) as c
)

select
    b.batch_id,
    b.file_name,
    b.sha256,
    b.kind,
    b.imported_by,
    b.imported_at
from import_batch as b
inner join used as u on u.batch_id = b.batch_id
order by b.batch_id
