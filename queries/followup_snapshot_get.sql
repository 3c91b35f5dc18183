-- The frozen figures of a submitted follow-up version.
select version_id, taken_at, content, sha256
from followup_snapshot
where version_id = $version_id
