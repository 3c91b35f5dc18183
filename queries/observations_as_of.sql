-- The figures as they stood at a moment: the newest version from batches imported by then
-- ("what did the board see on date D"), for one indicator and/or one geography when given
-- (null: all). The filters are applied before the newest version is picked, so asking for
-- one series reads that series only.
with known as (
    select o.*
    from observation as o
    inner join import_batch as b using (batch_id)
    where
        b.imported_at <= $as_of
        and o.indicator_code = coalesce($indicator_code, o.indicator_code)
        and o.geo_code = coalesce($geo_code, o.geo_code)
)

select *
from known
qualify row_number() over (
    partition by indicator_code, geo_code, period order by batch_id desc, observation_id desc
) = 1
