-- Every indicator, for choosing which one a table feeds.
select
    code,
    name
from indicator
order by name
