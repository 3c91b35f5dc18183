-- Figures derived from the loaded ones, as views so they can never drift from their sources:
-- years from quarters and months (partial when not fully reported), and boligområder and
-- plans from their afdelinger (summed numerators and denominators, never an average of
-- shares; incomplete when a part is suppressed or missing).

-- Every geography with the afdelinger it is made of, however deep the nesting.
create view geography_leaf as
with recursive closure (parent_code, child_code) as (
    select parent_code, child_code
    from geography_member
    union
    select c.parent_code, m.child_code
    from closure as c
    inner join geography_member as m on m.parent_code = c.child_code
)

select c.parent_code, c.child_code
from closure as c
inner join geography as g on g.code = c.child_code
where g.level = 'afdeling';

create view observation_yearly_rollup as
with parts as (
    select *
    from observation_current
    where period_type in ('quarter', 'month')
),

by_year as (
    select
        indicator_code,
        geo_code,
        year,
        period_type,
        sum(value) as value,
        count(distinct period) as periods,
        bool_or(suppressed or value is null) as any_missing,
        bool_or(uncertain) as uncertain,
        max(batch_id) as batch_id
    from parts
    group by indicator_code, geo_code, year, period_type
)

select
    indicator_code,
    geo_code,
    cast(year as varchar) as period,
    year,
    value,
    cast(null as double) as numerator,
    cast(null as double) as denominator,
    false as suppressed,
    cast(null as integer) as suppressed_below,
    uncertain,
    periods < (case period_type when 'quarter' then 4 else 12 end) as partial,
    any_missing as incomplete,
    cast(null as varchar) as survey,
    cast(null as varchar) as note,
    batch_id
from by_year
-- Quarters win over months where a year has both.
qualify row_number() over (
    partition by indicator_code, geo_code, year order by period_type = 'quarter' desc
) = 1;

create view observation_area_aggregate as
with yearly as (
    select *
    from observation_current
    where period_type = 'year'
),

leaves as (
    select parent_code, count(*) as afdelinger
    from geography_leaf
    group by parent_code
),

parts as (
    select
        l.parent_code as geo_code,
        y.indicator_code,
        y.period,
        y.year,
        i.unit,
        y.value,
        y.numerator,
        y.denominator,
        y.suppressed,
        y.uncertain,
        y.batch_id
    from geography_leaf as l
    inner join yearly as y on y.geo_code = l.child_code
    inner join indicator as i on i.code = y.indicator_code
    where i.unit in ('andel', 'antal')
),

summed as (
    select
        geo_code,
        indicator_code,
        period,
        year,
        any_value(unit) as unit,
        count(*) as reported,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        sum(value) as total,
        bool_or(
            suppressed
            or value is null
            or (unit = 'andel' and (numerator is null or denominator is null))
        ) as any_missing,
        bool_or(uncertain) as uncertain,
        max(batch_id) as batch_id
    from parts
    group by geo_code, indicator_code, period, year
)

select
    s.indicator_code,
    s.geo_code,
    s.period,
    s.year,
    case
        when s.unit = 'andel' and s.denominator > 0 then s.numerator / s.denominator * 100
        when s.unit = 'antal' then s.total
    end as value,
    case when s.unit = 'andel' then s.numerator end as numerator,
    case when s.unit = 'andel' then s.denominator end as denominator,
    false as suppressed,
    cast(null as integer) as suppressed_below,
    s.uncertain,
    false as partial,
    s.any_missing or s.reported < l.afdelinger as incomplete,
    cast(null as varchar) as survey,
    cast(null as varchar) as note,
    s.batch_id
from summed as s
inner join leaves as l on l.parent_code = s.geo_code;

-- What the dashboard draws: yearly figures, loaded or derived. A loaded figure for an area
-- or year always wins over a derived one.
create view observation_series as
with loaded as (
    select
        indicator_code, geo_code, period, year, value, numerator, denominator, suppressed,
        suppressed_below, uncertain, false as partial, false as incomplete, survey, note,
        batch_id, false as is_aggregate
    from observation_current
    where period_type = 'year'
),

rolled as (
    select r.*, true as is_aggregate
    from observation_yearly_rollup as r
    anti join loaded as l using (indicator_code, geo_code, period)
),

areas as (
    select a.*, true as is_aggregate
    from observation_area_aggregate as a
    anti join loaded as l using (indicator_code, geo_code, period)
    anti join rolled as r using (indicator_code, geo_code, period)
)

select * from loaded
union all by name
select * from rolled
union all by name
select * from areas;
