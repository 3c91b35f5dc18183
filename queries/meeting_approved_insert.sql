insert into meeting_approved (meeting_version_id, followup_version_id)
values ($meeting_version_id, $followup_version_id)
