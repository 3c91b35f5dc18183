-- The rows of every plan version that has its content, table by table (each row as JSON),
-- as the audit check compares them with the rows rebuilt from the version's content.
with versions as (
    select plan_id, version_no
    from plan_version
    where content is not null
),

rows as (
    select 'pv_plan' as table_name, plan_id, version_no, to_json(t) as row_json
    from pv_plan as t
    union all
    select 'pv_plan_area', plan_id, version_no, to_json(t) from pv_plan_area as t
    union all
    select 'pv_goal', plan_id, version_no, to_json(t) from pv_goal as t
    union all
    select 'pv_goal_indicator', plan_id, version_no, to_json(t) from pv_goal_indicator as t
    union all
    select 'pv_baseline', plan_id, version_no, to_json(t) from pv_baseline as t
    union all
    select 'pv_target', plan_id, version_no, to_json(t) from pv_target as t
    union all
    select 'pv_activity', plan_id, version_no, to_json(t) from pv_activity as t
    union all
    select 'pv_activity_goal', plan_id, version_no, to_json(t) from pv_activity_goal as t
)

select
    r.plan_id,
    r.version_no,
    r.table_name,
    cast(r.row_json as varchar) as row_json
from rows as r
semi join versions as v using (plan_id, version_no)
order by r.plan_id, r.version_no, r.table_name
