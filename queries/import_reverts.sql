-- Revised figures of an import that go back to a figure an earlier import replaced: an older
-- delivery loaded again would silently undo newer figures. `compared` is the loader's
-- comparison (import_compare); only its revised rows are looked at, so the cost follows the file.
with revised as (
    select indicator_code, geo_code, period, value, numerator, denominator, suppressed
    from compared
    where change = 'revised'
),

older as (
    select
        r.indicator_code,
        r.geo_code,
        r.period,
        max(o.batch_id) as older_batch
    from revised as r
    inner join observation as o
        on
            o.indicator_code = r.indicator_code
            and o.geo_code = r.geo_code
            and o.period = r.period
            and o.value is not distinct from r.value
            and o.numerator is not distinct from r.numerator
            and o.denominator is not distinct from r.denominator
            and o.suppressed = r.suppressed
    group by r.indicator_code, r.geo_code, r.period
)

select
    indicator_code,
    geo_code,
    period,
    older_batch
from older
order by indicator_code, geo_code, period
