insert into demo_user (username, role, password_hash, demo_password)
values ($username, $role, $password_hash, $demo_password)
on conflict do nothing
