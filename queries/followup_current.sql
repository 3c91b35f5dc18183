-- Every goal of a plan with its follow-up for a year: the newest version and the newest
-- submitted one (null where none exists yet).
with versions as (
    select *
    from followup_version
    where plan_id = $plan_id and year = $year
),

newest as (
    select *
    from versions
    qualify row_number() over (partition by goal_id order by version_no desc) = 1
),

newest_submitted as (
    select *
    from versions
    where state = 'submitted'
    qualify row_number() over (partition by goal_id order by version_no desc) = 1
)

select
    g.goal_id,
    g.kind,
    g.indsatsomraade,
    g.title as goal,
    n.version_id,
    n.version_no,
    n.state,
    n.status,
    n.author,
    n.created_at,
    s.version_id as submitted_version_id,
    s.status as submitted_status,
    s.author as submitted_author,
    s.created_at as submitted_at
from goal as g
left join newest as n using (goal_id)
left join newest_submitted as s using (goal_id)
where g.plan_id = $plan_id
order by g.sort_order
