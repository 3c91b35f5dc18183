-- Revised figures of an import that look like an older delivery: an older delivery loaded
-- again would silently undo newer figures. Two signs, each named in `reason`:
-- 'tilbage': the figure goes back to a value an earlier import replaced;
-- 'slutter_foer': the file's series for that indicator and geography ends before the newest
-- year the database already holds for it (a delivery from before that year was published);
-- only for sources that deliver whole series ($whole_series: LBF, Statistikbanken), as a
-- local count or a survey file may correct a single year.
-- `compared` is the loader's comparison (import_compare); only its revised rows and their
-- keys are looked at, so the cost follows the file.
with revised as (
    select indicator_code, geo_code, period, value, numerator, denominator, suppressed
    from compared
    where change = 'revised'
),

went_back as (
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
),

revised_keys as (
    select distinct indicator_code, geo_code
    from revised
),

file_latest as (
    select c.indicator_code, c.geo_code, max(c.year) as file_year
    from compared as c
    semi join revised_keys as k using (indicator_code, geo_code)
    group by c.indicator_code, c.geo_code
),

stored_latest as (
    select o.indicator_code, o.geo_code, max(o.year) as stored_year, arg_max(o.batch_id, o.year) as newer_batch
    from observation as o
    semi join revised_keys as k using (indicator_code, geo_code)
    group by o.indicator_code, o.geo_code
),

ends_before as (
    select
        r.indicator_code,
        r.geo_code,
        r.period,
        s.newer_batch as older_batch
    from revised as r
    inner join file_latest as f using (indicator_code, geo_code)
    inner join stored_latest as s using (indicator_code, geo_code)
    where $whole_series and f.file_year < s.stored_year
),

older as (
    select *, 'tilbage' as reason
    from went_back
    union all
    select *, 'slutter_foer' as reason
    from ends_before as e
    where not exists (
        select 1
        from went_back as w
        where
            w.indicator_code = e.indicator_code
            and w.geo_code = e.geo_code
            and w.period = e.period
    )
)

select
    indicator_code,
    geo_code,
    period,
    older_batch,
    reason
from older
order by reason, indicator_code, geo_code, period
