-- Read-path speed (issue 11): the derived figures as table macros over any set of current
-- observations, so a query for one plan (or one import) first picks the few observation rows it
-- needs and then derives from those, instead of windowing and aggregating the whole table
-- before filtering (DuckDB pushes neither a join nor a semi-join through a window or an
-- aggregate). The views keep their names and results and are now the macros applied to every
-- observation: one definition of each rule.
--
-- `rows` / `current_rows` / `keys` name a relation (a table, a view or a CTE of the calling query)
-- with observation's columns; `current_rows` must hold only current versions
-- (observation_current_of), and for an area every afdeling behind it.

-- geography_leaf for a few geographies, without the whole closure: (parent_code, child_code,
-- valid_from, valid_to) for every area above the afdelinger among `geos` (a relation with a
-- geo_code column) (..._above), or for every afdeling below the geographies of `geos`
-- (..._below). A member counts in the years every link of its chain is valid (null: always).
create macro geography_leaf_above(geos) as table
with recursive ancestor (parent_code, child_code, valid_from, valid_to) as (
    select m.parent_code, m.child_code, m.valid_from, m.valid_to
    from geography_member as m
    semi join query_table(geos) as s on s.geo_code = m.child_code
    union
    select
        m.parent_code,
        a.child_code,
        case
            when a.valid_from is null then m.valid_from
            when m.valid_from is null then a.valid_from
            else greatest(a.valid_from, m.valid_from)
        end,
        case
            when a.valid_to is null then m.valid_to
            when m.valid_to is null then a.valid_to
            else least(a.valid_to, m.valid_to)
        end
    from ancestor as a
    inner join geography_member as m on m.child_code = a.parent_code
)

select a.parent_code, a.child_code, a.valid_from, a.valid_to
from ancestor as a
inner join geography as g on g.code = a.child_code
where g.level = 'afdeling';

create macro geography_leaf_below(geos) as table
with recursive descendant (parent_code, child_code, valid_from, valid_to) as (
    select m.parent_code, m.child_code, m.valid_from, m.valid_to
    from geography_member as m
    semi join query_table(geos) as s on s.geo_code = m.parent_code
    union
    select
        d.parent_code,
        m.child_code,
        case
            when d.valid_from is null then m.valid_from
            when m.valid_from is null then d.valid_from
            else greatest(d.valid_from, m.valid_from)
        end,
        case
            when d.valid_to is null then m.valid_to
            when m.valid_to is null then d.valid_to
            else least(d.valid_to, m.valid_to)
        end
    from descendant as d
    inner join geography_member as m on m.parent_code = d.child_code
)

select d.parent_code, d.child_code, d.valid_from, d.valid_to
from descendant as d
inner join geography as g on g.code = d.child_code
where g.level = 'afdeling';

create macro observation_current_of(rows) as table
select *
from query_table(rows)
qualify row_number() over (
    partition by indicator_code, geo_code, period order by batch_id desc, observation_id desc
) = 1;

-- A year is summed from quarters or months only for counts (issue 11, formats.md): a share, an
-- average or a rate for a year is never made by adding sub-year values.
create macro observation_yearly_rollup_of(current_rows) as table
with parts as (
    select c.*
    from query_table(current_rows) as c
    semi join indicator as i on i.code = c.indicator_code and i.unit = 'antal'
    where c.period_type in ('quarter', 'month')
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

-- An area's figure for a year sums the afdelinger that are its members that year, and is
-- incomplete when one of them did not report (so an area with members still unknown, a
-- placeholder afdeling that never reports, is never complete).
create macro observation_area_aggregate_of(current_rows) as table
with yearly as (
    select *
    from query_table(current_rows)
    where period_type = 'year'
),

-- The areas above the afdelinger with figures here.
leaf_link as (
    select parent_code, child_code, valid_from, valid_to
    from geography_leaf_above(yearly)
),

areas_here as (
    select distinct parent_code as geo_code
    from leaf_link
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
    inner join geography_leaf_below(areas_here) as l
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

create macro observation_series_of(current_rows) as table
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

areas as (
    select a.*, true as is_aggregate
    from observation_area_aggregate_of(current_rows) as a
    anti join loaded as l using (indicator_code, geo_code, period)
    anti join rolled as r using (indicator_code, geo_code, period)
)

select * from loaded
union all by name
select * from rolled
union all by name
select * from areas;

-- `keys`: a relation with the (indicator_code, geo_code) pairs wanted.
create macro observation_chart_period_for(current_rows, keys) as table
with recursive loaded_year as (
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

-- The afdelinger whose yearly figures went into an area's summed figure (as
-- observation_area_aggregate counts them: a published value, and for a share its counts).
contributing as (
    select
        l.parent_code as geo_code,
        y.indicator_code,
        y.year,
        string_agg(distinct l.child_code, ', ' order by l.child_code) as afdelinger
    from geography_leaf_above(current_rows) as l
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

-- Only the figures asked for (`keys`): deriving every area's figures is cheap, but matching
-- each with its members for a large area the caller does not draw (a whole plan of thousands
-- of afdelinger, say) is not.
series as (
    select s.indicator_code, s.geo_code, s.year, s.is_aggregate, g.level
    from observation_series_of(current_rows) as s
    semi join query_table(keys) as k using (indicator_code, geo_code)
    inner join geography as g on g.code = s.geo_code
),

-- (As 016, except that only areas' figures are matched with their members: an afdeling's
-- figure names the afdeling itself, below, and need not pass through the member join.)
area_series as (
    select *
    from series
    where level <> 'afdeling'
),

-- (As 016's member_closure, for the areas drawn only.)
member_closure (parent_code, child_code, valid_from, valid_to) as (
    select m.parent_code, m.child_code, m.valid_from, m.valid_to
    from geography_member as m
    semi join area_series as s on s.geo_code = m.parent_code
    union
    -- a member counts in the years both links of the chain are valid
    select
        c.parent_code,
        m.child_code,
        case
            when c.valid_from is null then m.valid_from
            when m.valid_from is null then c.valid_from
            else greatest(c.valid_from, m.valid_from)
        end,
        case
            when c.valid_to is null then m.valid_to
            when m.valid_to is null then c.valid_to
            else least(c.valid_to, m.valid_to)
        end
    from member_closure as c
    inner join geography_member as m on m.parent_code = c.child_code
),

leaf_member as (
    select c.parent_code, c.child_code, c.valid_from, c.valid_to
    from member_closure as c
    inner join geography as g on g.code = c.child_code
    where g.level = 'afdeling'
),

-- The afdelinger an area is made of in a year, for figures delivered for the whole area.
delivered as (
    select
        s.indicator_code,
        s.geo_code,
        s.year,
        string_agg(distinct m.child_code, ', ' order by m.child_code) as afdelinger
    from area_series as s
    inner join leaf_member as m
        on
            m.parent_code = s.geo_code
            and (m.valid_from is null or m.valid_from <= s.year)
            and (m.valid_to is null or m.valid_to >= s.year)
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

create or replace view observation_current as
select * from observation_current_of(observation);

create or replace view observation_yearly_rollup as
select * from observation_yearly_rollup_of(observation_current);

create or replace view observation_area_aggregate as
select * from observation_area_aggregate_of(observation_current);

create or replace view observation_series as
select * from observation_series_of(observation_current);

create or replace view observation_chart_period as
select * from observation_chart_period_for(observation_current, observation_series);
