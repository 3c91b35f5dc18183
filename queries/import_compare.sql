-- Each incoming figure against the current one for its key: new, unchanged or revised.
-- `incoming` is the parsed file, registered as a relation by the loader.
with current_figures as (
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
    from observation_current as c
    inner join (select distinct indicator_code, geo_code from incoming) as k
        using (indicator_code, geo_code)
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
