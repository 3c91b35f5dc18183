-- Record one import batch (its bytes included) and return its id. `import_content` is the
-- file's bytes (compressed, `codec` and `size` as migration 024 says), one row, registered by
-- the loader as Arrow over the same memory: bytes bound as a parameter were copied several
-- times on their way in.
insert into import_batch (
    sha256, file_name, kind, layout, imported_by, rows_read, values_loaded,
    values_unchanged, values_revised, warnings, content, content_codec, content_size
)
select
    $sha256,
    $file_name,
    $kind,
    $layout,
    $imported_by,
    $rows_read,
    $values_loaded,
    $values_unchanged,
    $values_revised,
    $warnings,
    content,
    codec,
    size
from import_content
returning batch_id
