-- The newest version of one meeting.
select version_id, meeting_id, version_no, plan_id
from meeting_version
where meeting_id = $meeting_id
order by version_no desc
limit 1
