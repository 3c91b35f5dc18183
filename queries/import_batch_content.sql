-- Import batches' stored bytes with how to restore the file as delivered (migration 024):
-- one batch, or every batch when $batch_id is null (the audit check hashes them).
select
    batch_id,
    file_name,
    content,
    content_codec,
    content_size
from import_batch
where $batch_id is null or batch_id = $batch_id
order by batch_id
