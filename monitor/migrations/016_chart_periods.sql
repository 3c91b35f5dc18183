-- What a chart needs to know about a yearly figure besides its value (observation_series):
-- which quarters or months a year summed from its parts covers (a year with parts missing is
-- drawn as partial, labelled 'K1–K3'), the source or survey of those parts, and which
-- afdelinger stand behind an area's figure (a different set from one year to the next is a
-- break in the series).
create view observation_chart_period as
with recursive member_closure (parent_code, child_code, valid_from, valid_to) as (
    select parent_code, child_code, valid_from, valid_to
    from geography_member
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

loaded_year as (
    select distinct indicator_code, geo_code, year
    from observation_current
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
    from observation_current
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
    from geography_leaf as l
    inner join observation_current as y on y.geo_code = l.child_code and y.period_type = 'year'
    inner join indicator as i on i.code = y.indicator_code
    where
        i.unit in ('andel', 'antal')
        and not y.suppressed
        and y.value is not null
        and (i.unit <> 'andel' or (y.numerator is not null and y.denominator is not null))
    group by l.parent_code, y.indicator_code, y.year
),

series as (
    select s.indicator_code, s.geo_code, s.year, s.is_aggregate, g.level
    from observation_series as s
    inner join geography as g on g.code = s.geo_code
),

-- The afdelinger an area is made of in a year, for figures delivered for the whole area.
delivered as (
    select
        s.indicator_code,
        s.geo_code,
        s.year,
        string_agg(distinct m.child_code, ', ' order by m.child_code) as afdelinger
    from series as s
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
