-- Read-path speed (issue 11): a plan's queries derive area figures only for the areas they
-- draw. Migration 017's observation_area_aggregate_of sums every area above the afdelinger in
-- its rows; for a plan that is also every other area those afdelinger belong to (the plan's
-- whole area of thousands of afdelinger, matched with its members year by year), figures the
-- plan's query then throws away. The rules are unchanged and still have one definition each:
-- the *_for macros take the areas wanted, and the *_of macros (and so the whole-table views)
-- are the *_for macros over every area.
--
-- `areas` / `keys` name a relation with a geo_code column (plan_series_keys gives one); an
-- afdeling or a geography without members in it is simply not summed.

-- An area's figure for a year sums the afdelinger that are its members that year, and is
-- incomplete when one of them did not report (so an area with members still unknown, a
-- placeholder afdeling that never reports, is never complete). For the areas in `areas` only.
create or replace macro observation_area_aggregate_for(current_rows, areas) as table
with yearly as (
    select *
    from query_table(current_rows)
    where period_type = 'year'
),

-- Every afdeling below the areas asked for, in the years its chain of membership is valid.
leaf_link as (
    select parent_code, child_code, valid_from, valid_to
    from geography_leaf_below(areas)
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
        y.batch_id,
        y.geo_code as afdeling
    from leaf_link as l
    inner join yearly as y
        on
            y.geo_code = l.child_code
            and (l.valid_from is null or l.valid_from <= y.year)
            and (l.valid_to is null or l.valid_to >= y.year)
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
        count(distinct afdeling) as reported,
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
),

-- The afdelinger each area is made of in each year it has a figure.
members as (
    select s.geo_code, s.year, count(distinct l.child_code) as afdelinger
    from (select distinct geo_code, year from summed) as s
    inner join leaf_link as l
        on
            l.parent_code = s.geo_code
            and (l.valid_from is null or l.valid_from <= s.year)
            and (l.valid_to is null or l.valid_to >= s.year)
    group by s.geo_code, s.year
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
    s.any_missing or s.reported < m.afdelinger as incomplete,
    cast(null as varchar) as survey,
    cast(null as varchar) as note,
    s.batch_id
from summed as s
inner join members as m using (geo_code, year);

-- The whole-table scope: every area (every geography with members). An area none of whose
-- afdelinger has a figure gets no row, so this gives what summing the areas above the rows gave,
-- without reading the rows once more to find those areas.
create or replace macro observation_area_aggregate_of(current_rows) as table
with every_area as (
    select distinct parent_code as geo_code
    from geography_member
)

select *
from observation_area_aggregate_for(current_rows, every_area);

-- The yearly series: loaded yearly figures, then years summed from quarters or months (counts
-- only), then areas' sums (for the areas in `areas`), each where nothing before it gives one.
create or replace macro observation_series_for(current_rows, areas) as table
with loaded as (
    select
        indicator_code, geo_code, period, year, value, numerator, denominator, suppressed,
        suppressed_below, uncertain, false as partial, false as incomplete, survey, note,
        batch_id, false as is_aggregate
    from query_table(current_rows)
    where period_type = 'year'
),

rolled as (
    select r.*, true as is_aggregate
    from observation_yearly_rollup_of(current_rows) as r
    anti join loaded as l using (indicator_code, geo_code, period)
),

summed_areas as (
    select a.*, true as is_aggregate
    from observation_area_aggregate_for(current_rows, areas) as a
    anti join loaded as l using (indicator_code, geo_code, period)
    anti join rolled as r using (indicator_code, geo_code, period)
)

select * from loaded
union all by name
select * from rolled
union all by name
select * from summed_areas;

create or replace macro observation_series_of(current_rows) as table
with every_area as (
    select distinct parent_code as geo_code
    from geography_member
)

select *
from observation_series_for(current_rows, every_area);

-- `keys`: a relation with the (indicator_code, geo_code) pairs wanted. Areas' figures and the
-- afdelinger behind them are derived for the areas among `keys` only.
create or replace macro observation_chart_period_for(current_rows, keys) as table
with loaded_year as (
    select distinct indicator_code, geo_code, year
    from query_table(current_rows)
    where period_type = 'year'
),

parts as (
    select
        indicator_code,
        geo_code,
        year,
        period_type,
        cast(regexp_extract(period, '(\d+)$', 1) as integer) as part_no,
        not (suppressed or value is null) as has_value,
        survey
    from query_table(current_rows)
    where period_type in ('quarter', 'month')
),

-- Years summed from quarters or months (as observation_yearly_rollup: quarters win over months,
-- and a loaded yearly figure wins over both).
rolled as (
    select
        p.indicator_code,
        p.geo_code,
        p.year,
        p.period_type as covered_type,
        coalesce(
            list_sort(list(distinct p.part_no) filter (where p.has_value)), []
        ) as covered,
        case when count(distinct p.survey) = 1 then min(p.survey) end as survey
    from parts as p
    anti join loaded_year as l using (indicator_code, geo_code, year)
    group by p.indicator_code, p.geo_code, p.year, p.period_type
    qualify row_number() over (
        partition by p.indicator_code, p.geo_code, p.year order by p.period_type = 'quarter' desc
    ) = 1
),

-- Every afdeling below the areas among `keys`, in the years its chain of membership is valid.
leaf_link as (
    select parent_code, child_code, valid_from, valid_to
    from geography_leaf_below(keys)
),

-- The afdelinger whose yearly figures went into an area's summed figure (as
-- observation_area_aggregate counts them: a published value, and for a share its counts).
contributing as (
    select
        l.parent_code as geo_code,
        y.indicator_code,
        y.year,
        string_agg(distinct l.child_code, ', ' order by l.child_code) as afdelinger
    from leaf_link as l
    inner join query_table(current_rows) as y
        on
            y.geo_code = l.child_code
            and y.period_type = 'year'
            and (l.valid_from is null or l.valid_from <= y.year)
            and (l.valid_to is null or l.valid_to >= y.year)
    inner join indicator as i on i.code = y.indicator_code
    where
        i.unit in ('andel', 'antal')
        and not y.suppressed
        and y.value is not null
        and (i.unit <> 'andel' or (y.numerator is not null and y.denominator is not null))
    group by l.parent_code, y.indicator_code, y.year
),

-- Only the figures asked for (`keys`).
series as (
    select s.indicator_code, s.geo_code, s.year, s.is_aggregate, g.level
    from observation_series_for(current_rows, keys) as s
    semi join query_table(keys) as k using (indicator_code, geo_code)
    inner join geography as g on g.code = s.geo_code
),

-- The afdelinger an area is made of in a year, for figures delivered for the whole area
-- (an afdeling's figure names the afdeling itself, below).
delivered as (
    select
        s.indicator_code,
        s.geo_code,
        s.year,
        string_agg(distinct m.child_code, ', ' order by m.child_code) as afdelinger
    from series as s
    inner join leaf_link as m
        on
            m.parent_code = s.geo_code
            and (m.valid_from is null or m.valid_from <= s.year)
            and (m.valid_to is null or m.valid_to >= s.year)
    where s.level <> 'afdeling'
    group by s.indicator_code, s.geo_code, s.year
)

select
    s.indicator_code,
    s.geo_code,
    s.year,
    r.covered_type,
    r.covered,
    r.survey,
    case
        when s.level = 'afdeling' then s.geo_code
        when s.is_aggregate and r.covered_type is null then c.afdelinger
        else d.afdelinger
    end as afdelinger
from series as s
left join rolled as r using (indicator_code, geo_code, year)
left join contributing as c using (indicator_code, geo_code, year)
left join delivered as d using (indicator_code, geo_code, year);

-- The whole-table views over the new definitions (as migration 017). The chart periods' keys
-- are every indicator with figures for every geography: a figure of a geography outside the
-- registry has no chart (the macro matches figures with geography), as before.
create or replace view observation_area_aggregate as
select * from observation_area_aggregate_of(observation_current);

create or replace view observation_series as
select * from observation_series_of(observation_current);

create or replace view observation_chart_period as
with every_key as (
    select i.indicator_code, g.code as geo_code
    from (select distinct indicator_code from observation_current) as i
    cross join geography as g
)

select *
from observation_chart_period_for(observation_current, every_key);
