-- Every user as it is now: the newest version of each, with when and by whom it was created.
with versions as (
    select
        *,
        first_value(created_at) over by_user as first_created_at,
        first_value(author) over by_user as first_author
    from app_user_version
    window by_user as (partition by username order by version_no)
)

select
    username,
    role,
    active,
    demo,
    password_hash,
    demo_password,
    version_no,
    change,
    author,
    created_at,
    first_created_at,
    first_author
from versions
qualify row_number() over (partition by username order by version_no desc) = 1
order by username
