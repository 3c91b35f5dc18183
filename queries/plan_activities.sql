-- Activities of a plan with the goals each supports.
with links as (
    select plan_id, activity_id, list(goal_id order by goal_id) as goal_ids
    from activity_goal
    where plan_id = $plan_id
    group by plan_id, activity_id
)

select
    a.activity_id,
    a.name,
    a.indsatsomraade,
    coalesce(l.goal_ids, []) as goal_ids
from activity as a
left join links as l using (plan_id, activity_id)
where a.plan_id = $plan_id
order by a.indsatsomraade, a.name
