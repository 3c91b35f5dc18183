-- One import batch's original bytes, to download again.
select
    file_name,
    content
from import_batch
where batch_id = $batch_id
