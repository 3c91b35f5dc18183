-- Every audit entry in chain order, for verification.
select seq, recorded_at, actor, action, entity, entity_id, details, prev_hash, entry_hash, mac
from audit_log
order by seq
