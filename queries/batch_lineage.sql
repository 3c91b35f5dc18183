-- Every import batch without its bytes: the lineage shown beside each figure.
select
    batch_id,
    file_name,
    sha256,
    kind,
    imported_by,
    imported_at
from import_batch
order by batch_id
