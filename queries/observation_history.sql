-- Every version of the figures for one indicator and geography, with the batch behind each;
-- the newest version of a period is the current one.
with versions as (
    select
        o.period,
        o.value,
        o.numerator,
        o.denominator,
        o.suppressed,
        o.uncertain,
        o.survey,
        o.batch_id,
        b.file_name,
        b.imported_at,
        b.imported_by,
        row_number() over (partition by o.period order by o.batch_id desc) = 1 as is_current
    from observation as o
    inner join import_batch as b using (batch_id)
    where o.indicator_code = $indicator_code and o.geo_code = $geo_code
)

select *
from versions
order by period, batch_id
