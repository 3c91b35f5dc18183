-- Every goal of a plan with its follow-up for a year: the newest version, the newest submitted
-- one and whether that is approved (null where none exists yet).
with versions as (
    select *
    from followup_version_v
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
),

approved_before as (
    select goal_id, max(approved_on) as last_approved_on
    from versions
    where approved_on is not null
    group by goal_id
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
    s.version_no as submitted_version_no,
    s.status as submitted_status,
    s.author as submitted_author,
    s.created_at as submitted_at,
    s.after_approval as submitted_after_approval,
    s.approved_on,
    a.last_approved_on
from goal as g
left join newest as n using (goal_id)
left join newest_submitted as s using (goal_id)
left join approved_before as a using (goal_id)
where g.plan_id = $plan_id
order by g.sort_order
