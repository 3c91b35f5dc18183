-- The audit log: one append-only row per write (import, follow-up, meeting, note, user change).
-- Each entry is chained to the one before it: entry_hash = sha256(prev_hash || canonical json
-- of seq, recorded_at, actor, action, entity, entity_id, details). Sequence numbers have no gaps, so a
-- deleted row shows as a gap and a broken chain; an edited row shows as a wrong entry_hash.
create table audit_log (
    seq bigint primary key,            -- 1, 2, 3, ... without gaps (max + 1 inside the write)
    recorded_at timestamptz not null,  -- when (UTC, microseconds); part of the hashed content
    actor varchar not null,            -- the logged-in user, never a typed-in name
    action varchar not null,           -- import, followup_save, followup_submit, note_add, ...
    entity varchar not null,           -- import_batch, followup_version, meeting_version, ...
    entity_id varchar not null,
    details varchar not null,          -- canonical JSON of the entry's details
    prev_hash varchar not null,        -- entry_hash of seq - 1 (64 zeros for the first entry)
    entry_hash varchar not null
);
