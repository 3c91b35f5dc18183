-- The demo users with their documented passwords, for the demo login banner.
select username, role, demo_password
from demo_user
order by case role
    when 'læser' then 1 when 'redaktør' then 2 when 'revisor' then 3 else 4
end
