-- The figures as they stood at a moment: the newest version from batches imported by then
-- ("what did the board see on date D").
with known as (
    select o.*
    from observation as o
    inner join import_batch as b using (batch_id)
    where b.imported_at <= $as_of
)

select *
from known
qualify row_number() over (
    partition by indicator_code, geo_code, period order by batch_id desc, observation_id desc
) = 1
