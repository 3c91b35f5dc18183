-- An import's original file is kept compressed: a 104 MB LBF delivery is 6 MB as zstd, and
-- writing the raw bytes cost the import 200-300 MB of memory and the file its size. The bytes
-- as delivered are `content` decompressed with `content_codec` (null: stored as delivered,
-- as every batch before this migration) to `content_size` bytes (etl/load.py:original_file).
alter table import_batch add column content_codec varchar;
alter table import_batch add column content_size bigint;
