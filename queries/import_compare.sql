-- Each incoming figure against the current one for its key: new, unchanged or revised.
-- `incoming` is the parsed file, registered as a relation by the loader. Only the observations
-- of the file's keys are read, so a small file costs what it holds (see migration 017).
with incoming_keys as (
    select distinct indicator_code, geo_code
    from incoming
),

incoming_geos as (
    select distinct geo_code
    from incoming_keys
),

-- (The geographies alone first: a one-column filter on the scan is far cheaper than probing
-- the two-column key for every row.)
known as (
    select
        o.observation_id, o.indicator_code, o.geo_code, o.period, o.value, o.numerator,
        o.denominator, o.suppressed, o.suppressed_below, o.uncertain, o.batch_id
    from observation as o
    semi join incoming_geos as g on g.geo_code = o.geo_code
    semi join incoming_keys as k using (indicator_code, geo_code)
),

current_figures as (
    select
        c.indicator_code,
        c.geo_code,
        c.period,
        c.value,
        c.numerator,
        c.denominator,
        c.suppressed,
        c.suppressed_below,
        c.uncertain
    from observation_current_of(known) as c
)

select
    i.*,
    case
        when c.indicator_code is null then 'new'
        when i.value is not distinct from c.value
            and i.numerator is not distinct from c.numerator
            and i.denominator is not distinct from c.denominator
            and i.suppressed = c.suppressed
            and i.suppressed_below is not distinct from c.suppressed_below
            and i.uncertain = c.uncertain
            then 'unchanged'
        else 'revised'
    end as change
from incoming as i
left join current_figures as c using (indicator_code, geo_code, period)
