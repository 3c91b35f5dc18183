-- Each incoming figure against the current one for its key: new, unchanged or revised.
-- `incoming` is the parsed file, registered as a relation by the loader.
-- The current figure of each key is taken from the rows of the file's indicator/geography
-- pairs only (as observation_current, newest batch first), so the comparison costs what the
-- file costs, not a window over the whole observation table.
with candidates as (
    select o.*
    from observation as o
    inner join (select distinct indicator_code, geo_code from incoming) as k
        using (indicator_code, geo_code)
),

current_figures as (
    select
        indicator_code,
        geo_code,
        period,
        value,
        numerator,
        denominator,
        suppressed,
        suppressed_below,
        uncertain
    from candidates
    qualify row_number() over (
        partition by indicator_code, geo_code, period order by batch_id desc, observation_id desc
    ) = 1
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
