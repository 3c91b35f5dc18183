-- The import log, newest first (without the stored bytes).
select
    batch_id,
    file_name,
    sha256,
    kind,
    layout,
    imported_by,
    imported_at,
    rows_read,
    values_loaded,
    values_unchanged,
    values_revised,
    warnings
from import_batch
order by batch_id desc
