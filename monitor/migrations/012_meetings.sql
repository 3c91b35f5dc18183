-- Board meetings (bestyrelsesmøder), append-only: a correction is a new version of the same
-- meeting pointing to the version it replaces.
create sequence meeting_version_id_seq start 1;

create table meeting_version (
    version_id bigint primary key default nextval('meeting_version_id_seq'),
    meeting_id bigint not null,         -- the first version's id: the meeting's identity
    version_no integer not null,
    plan_id varchar not null,
    meeting_date date not null,
    participants varchar not null,      -- JSON list of names
    decisions varchar not null,         -- JSON list of decision texts
    replaces bigint,
    author varchar not null,
    created_at timestamptz not null,
    unique (meeting_id, version_no)
);

-- The follow-up versions presented at a meeting (per meeting version).
create table meeting_presented (
    meeting_version_id bigint not null,
    followup_version_id bigint not null,
    primary key (meeting_version_id, followup_version_id)
);
