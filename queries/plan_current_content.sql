-- The newest version's content of every plan.
with newest as (
    select plan_id, version_no
    from plan_current
)

select
    v.plan_id,
    v.version_no,
    cast(v.content as varchar) as content
from plan_version as v
inner join newest as n using (plan_id, version_no)
order by v.plan_id
