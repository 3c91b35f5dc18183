-- Record one import batch (its bytes included) and return its id.
insert into import_batch (
    sha256, file_name, kind, layout, imported_by, rows_read, values_loaded,
    values_unchanged, values_revised, warnings, content
)
values (
    $sha256, $file_name, $kind, $layout, $imported_by, $rows_read, $values_loaded,
    $values_unchanged, $values_revised, $warnings, $content
)
returning batch_id
