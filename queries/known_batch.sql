-- The import batch that already holds these exact bytes, if any.
select
    batch_id,
    file_name,
    imported_at
from import_batch
where sha256 = $sha256
