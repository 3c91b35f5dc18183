-- One meeting version by id, with the follow-up versions presented and approved (as lists).
select *
from meeting_version_v
where version_id = $version_id
