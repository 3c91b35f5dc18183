-- Every import batch with the SHA-256 of its stored bytes and the number of figures it loaded,
-- as the audit check compares them with the entries that recorded them. Bytes stored
-- compressed (migration 024) are hashed by the check after restoring them (content_sha256
-- null here).
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
    case when b.content_codec is null then sha256(b.content) end as content_sha256,
    b.content_codec,
    b.file_name,
    b.kind,
    b.values_loaded,
    b.values_revised,
    b.imported_by,
    coalesce(c.observations, 0) as observations
from import_batch as b
left join counted as c on c.batch_id = b.batch_id
order by b.batch_id
