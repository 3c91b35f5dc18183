-- Every version of the users (optionally one), oldest first; never the password hashes.
select version_id, username, version_no, role, active, demo, change, author, created_at
from app_user_version
where cast($username as varchar) is null or username = $username
order by username, version_no
