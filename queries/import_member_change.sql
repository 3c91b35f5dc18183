-- Areas whose set of afdelinger with published yearly figures in this file differs from the
-- set in the previous delivery (batch) of the same indicator for that area: a break in the
-- series (formats.md). `incoming` is the parsed file; the work follows the file's afdelinger.
with incoming_members as (
    select distinct
        l.parent_code,
        i.indicator_code,
        i.geo_code as afdeling
    from incoming as i
    inner join geography_leaf as l on l.child_code = i.geo_code
    where i.period_type = 'year' and not i.suppressed and i.value is not null
),

areas as (
    select distinct parent_code, indicator_code
    from incoming_members
),

previous_batch as (
    select
        a.parent_code,
        a.indicator_code,
        max(o.batch_id) as batch_id
    from areas as a
    inner join geography_leaf as l on l.parent_code = a.parent_code
    inner join observation as o
        on o.geo_code = l.child_code and o.indicator_code = a.indicator_code
    where o.period_type = 'year' and not o.suppressed and o.value is not null
    group by a.parent_code, a.indicator_code
),

previous_members as (
    select distinct
        p.parent_code,
        p.indicator_code,
        o.geo_code as afdeling,
        p.batch_id
    from previous_batch as p
    inner join geography_leaf as l on l.parent_code = p.parent_code
    inner join observation as o
        on
            o.batch_id = p.batch_id
            and o.geo_code = l.child_code
            and o.indicator_code = p.indicator_code
    where o.period_type = 'year' and not o.suppressed and o.value is not null
),

compared as (
    select
        coalesce(n.parent_code, p.parent_code) as parent_code,
        coalesce(n.indicator_code, p.indicator_code) as indicator_code,
        coalesce(n.afdeling, p.afdeling) as afdeling,
        n.afdeling is not null as in_file,
        p.afdeling is not null as in_previous
    from incoming_members as n
    full outer join previous_members as p
        on
            n.parent_code = p.parent_code
            and n.indicator_code = p.indicator_code
            and n.afdeling = p.afdeling
)

select
    c.parent_code as area_code,
    g.name as area_name,
    c.indicator_code,
    b.batch_id as previous_batch,
    count(*) filter (where c.in_file) as afdelinger_now,
    count(*) filter (where c.in_previous) as afdelinger_before,
    coalesce(
        string_agg(c.afdeling, ', ' order by c.afdeling) filter (where not c.in_previous), ''
    ) as added,
    coalesce(
        string_agg(c.afdeling, ', ' order by c.afdeling) filter (where not c.in_file), ''
    ) as dropped
from compared as c
inner join previous_batch as b using (parent_code, indicator_code)
inner join areas as a using (parent_code, indicator_code)
inner join geography as g on g.code = c.parent_code
group by c.parent_code, g.name, c.indicator_code, b.batch_id
having count(*) filter (where not c.in_previous or not c.in_file) > 0
order by c.parent_code, c.indicator_code
