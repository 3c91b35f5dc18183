-- The figure of one indicator for one geography in one year, as the Plan page offers it for a
-- baseline: the value, whether it is summed from afdelinger (and complete), and the import
-- batch and file it came from.
with figure as (
    select
        s.indicator_code,
        s.geo_code,
        s.year,
        s.value,
        s.is_aggregate,
        coalesce(s.incomplete, false) as incomplete,
        s.batch_id
    from observation_series as s
    where
        s.indicator_code = $indicator_code
        and s.geo_code = $geo_code
        and s.year = $year
        and not coalesce(s.partial, false)
        and not coalesce(s.suppressed, false)
)

select
    f.value,
    f.is_aggregate,
    f.incomplete,
    f.batch_id,
    b.file_name,
    i.unit
from figure as f
inner join indicator as i on i.code = f.indicator_code
left join import_batch as b on b.batch_id = f.batch_id
limit 1
