-- One import batch's stored bytes with how to restore the file as delivered (migration 024).
select
    batch_id,
    file_name,
    content,
    content_codec,
    content_size
from import_batch
where batch_id = $batch_id
