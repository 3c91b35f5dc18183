insert into meeting_presented (meeting_version_id, followup_version_id)
values ($meeting_version_id, $followup_version_id)
