-- One demo user by name (demo mode only).
select username, role, password_hash
from demo_user
where username = $username
