insert into audit_log (
    seq, recorded_at, actor, action, entity, entity_id, details, prev_hash, entry_hash, mac
)
values (
    $seq, $recorded_at, $actor, $action, $entity, $entity_id, $details, $prev_hash, $entry_hash,
    $mac
)
