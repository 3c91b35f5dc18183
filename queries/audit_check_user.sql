-- Every user version, as the audit check compares them with the entries that recorded them
-- (the password hash itself is compared through its SHA-256, as the entry records it).
with versions as (
    select
        version_id,
        username,
        version_no,
        role,
        active,
        demo,
        change,
        password_hash,
        author
    from app_user_version
)

select *
from versions
order by version_id
