-- Every meeting version at which one of the given follow-up versions was presented.
select distinct m.version_id, m.meeting_id
from meeting_presented as p
inner join meeting_version as m on m.version_id = p.meeting_version_id
where list_contains($followup_version_ids, p.followup_version_id)
