-- One goal of a plan (to check a follow-up's target exists).
select
    g.plan_id,
    g.goal_id,
    g.kind,
    g.indsatsomraade,
    g.title,
    p.name as plan_name
from goal as g
inner join plan as p using (plan_id)
where g.plan_id = $plan_id and g.goal_id = $goal_id
