-- One follow-up version by id, with its goal, snapshot fingerprint and approval.
select *
from followup_version_v
where version_id = $version_id
