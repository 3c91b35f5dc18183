-- Audit entries, newest first, optionally narrowed by entity, entity id, actor, action and date
-- (Danish calendar days, both ends included).
select seq, recorded_at, actor, action, entity, entity_id, details, entry_hash
from audit_log
where
    (cast($entity as varchar) is null or entity = $entity)
    and (cast($entity_id as varchar) is null or entity_id = $entity_id)
    and (cast($actor as varchar) is null or actor = $actor)
    and (cast($action as varchar) is null or action = $action)
    and (
        cast($date_from as date) is null
        or cast(timezone('Europe/Copenhagen', recorded_at) as date) >= $date_from
    )
    and (
        cast($date_to as date) is null
        or cast(timezone('Europe/Copenhagen', recorded_at) as date) <= $date_to
    )
order by seq desc
limit $limit
