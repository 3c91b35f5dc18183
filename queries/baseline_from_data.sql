-- The imported figure a baseline can be filled from: the indicator for the geography in the
-- baseline year or, for irregular series (elections, surveys), the newest full year before it;
-- with the file it came from.
with figures as (
    select year, value, numerator, denominator, incomplete, batch_id
    from observation_series
    where
        indicator_code = $indicator_code
        and geo_code = $geo_code
        and year <= $year
        and not suppressed
        and not coalesce(partial, false)
        and value is not null
)

select
    f.year,
    f.value,
    f.numerator,
    f.denominator,
    f.incomplete,
    b.file_name,
    b.imported_at
from figures as f
left join import_batch as b on b.batch_id = f.batch_id
order by f.year desc
limit 1
