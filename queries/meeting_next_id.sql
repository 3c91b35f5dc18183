-- A fresh meeting version id.
select nextval('meeting_version_id_seq') as version_id
