-- Every indicator a plan can follow, with its unit (the Plan page's choices).
select
    code,
    name,
    unit
from indicator
order by name
