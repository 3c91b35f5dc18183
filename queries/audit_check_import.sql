-- Every import batch with the SHA-256 of its stored bytes and the number of figures it loaded,
-- as the audit check compares them with the entries that recorded them.
with counted as (
    select
        batch_id,
        count(*) as observations
    from observation
    group by batch_id
)

select
    b.batch_id,
    b.sha256,
    sha256(b.content) as content_sha256,
    b.file_name,
    b.kind,
    b.values_loaded,
    b.values_revised,
    b.imported_by,
    coalesce(c.observations, 0) as observations
from import_batch as b
left join counted as c on c.batch_id = b.batch_id
order by b.batch_id
