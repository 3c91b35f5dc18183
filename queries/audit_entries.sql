-- Audit entries, newest first, optionally narrowed by entity, entity id, actor and action.
select seq, recorded_at, actor, action, entity, entity_id, details, entry_hash
from audit_log
where
    (cast($entity as varchar) is null or entity = $entity)
    and (cast($entity_id as varchar) is null or entity_id = $entity_id)
    and (cast($actor as varchar) is null or actor = $actor)
    and (cast($action as varchar) is null or action = $action)
order by seq desc
limit $limit
