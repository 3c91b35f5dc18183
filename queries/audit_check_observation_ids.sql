-- The range of one batch's observation ids (monitor.audit.observations_sha256 reads its rows
-- in slices of it).
select
    min(observation_id) as first_id,
    max(observation_id) as last_id
from observation
where batch_id = $batch_id
