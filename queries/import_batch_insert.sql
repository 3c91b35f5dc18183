-- Record one import batch (its bytes included) and return its id. `import_content` is the
-- file's bytes, one row, registered by the loader as Arrow over the same memory: a 100 MB
-- file bound as a parameter was copied several times on its way in.
insert into import_batch (
    sha256, file_name, kind, layout, imported_by, rows_read, values_loaded,
    values_unchanged, values_revised, warnings, content
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
    content
from import_content
returning batch_id
