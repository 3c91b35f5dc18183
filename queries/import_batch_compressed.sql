-- The import batches whose original is stored compressed (migration 024), for the audit check
-- to restore and hash; originals stored as delivered are hashed in SQL (audit_check_import).
select
    batch_id,
    content,
    content_codec,
    content_size
from import_batch
where content_codec is not null
order by batch_id
