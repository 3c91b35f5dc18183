-- The current figure per key is the one from the newest batch; older rows stay as history.
create view observation_current as
select *
from observation
qualify row_number() over (
    partition by indicator_code, geo_code, period order by batch_id desc, observation_id desc
) = 1;
