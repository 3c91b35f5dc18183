-- Notes on data points of one indicator (optionally one geography and one plan): the current
-- ones (not replaced, not withdrawn), or every version when $history is true. Notes without a
-- plan apply to every plan.
select
    n.note_id,
    n.plan_id,
    n.indicator_code,
    n.geo_code,
    n.period,
    try_cast(left(n.period, 4) as integer) as year,
    n.text,
    n.withdrawn,
    n.replaces,
    n.author,
    n.created_at,
    exists (select 1 from data_note as r where r.replaces = n.note_id) as superseded
from data_note as n
where
    n.indicator_code = $indicator_code
    and (cast($geo_code as varchar) is null or n.geo_code = $geo_code)
    and (cast($plan_id as varchar) is null or n.plan_id is null or n.plan_id = $plan_id)
    and (
        $history
        or (
            not n.withdrawn
            and not exists (select 1 from data_note as r where r.replaces = n.note_id)
        )
    )
order by n.period, n.note_id
