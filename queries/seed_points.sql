-- Every (indicator, geography, period) a seed figure file (import file seed-*) loaded.
with seed_batches as (
    select batch_id
    from import_batch
    where file_name like 'seed-%'
)

select distinct
    o.indicator_code,
    o.geo_code,
    o.period
from observation as o
inner join seed_batches as b using (batch_id)
