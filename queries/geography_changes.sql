-- When the afdelinger behind a geography change: each member (at any depth) that joins in a
-- given year (valid_from) or leaves after one (valid_to), with its name, for the chart's
-- "ny geografi" marks.
with recursive members (child_code, valid_from, valid_to) as (
    select child_code, valid_from, valid_to
    from geography_member
    where parent_code = $geo_code
    union
    select m.child_code, coalesce(m.valid_from, s.valid_from), coalesce(m.valid_to, s.valid_to)
    from members as s
    inner join geography_member as m on m.parent_code = s.child_code
),

changes as (
    select valid_from as year, 'med' as change, child_code
    from members
    where valid_from is not null
    union all
    select valid_to + 1 as year, 'uden' as change, child_code
    from members
    where valid_to is not null
)

select
    c.year,
    c.change,
    c.child_code as member_code,
    coalesce(g.name, c.child_code) as member_name
from changes as c
left join geography as g on g.code = c.child_code
order by c.year, c.change, member_name
