insert into followup_snapshot (version_id, taken_at, content, sha256)
values ($version_id, $taken_at, $content, $sha256)
