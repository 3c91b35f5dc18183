insert into app_user_version (
    username, version_no, role, active, password_hash, demo, demo_password, change, author,
    created_at
)
values (
    $username, $version_no, $role, $active, $password_hash, $demo, $demo_password, $change,
    $author, $created_at
)
returning version_id
