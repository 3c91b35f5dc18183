-- Follow-ups (opfølgning) per plan, year and goal: append-only versions. A draft save and a
-- submission are each a new row; `replaces` is the version a save was based on, `corrects` the
-- submitted version a new submission corrects. Submitted versions are frozen together with a
-- snapshot of the figures they were written on. Nothing is updated or deleted.
create sequence followup_version_id_seq start 1;

create table followup_version (
    version_id bigint primary key default nextval('followup_version_id_seq'),
    plan_id varchar not null,
    year integer not null,              -- the year followed up
    goal_id varchar not null,
    version_no integer not null,        -- 1, 2, 3 ... per (plan, year, goal)
    state varchar not null check (state in ('draft', 'submitted')),
    status varchar check (status in
        ('på rette spor', 'delvist', 'ikke på rette spor', 'kan ikke vurderes')),
    story_md varchar not null,          -- "historien bag tallene" (Markdown, rendered safely)
    next_steps varchar not null,
    replaces bigint,                    -- the version this one was based on (null: the first)
    corrects bigint,                    -- submitted: the earlier submitted version it corrects
    author varchar not null,            -- the logged-in user
    created_at timestamptz not null,
    -- Two saves based on the same version get the same version_no: the later one is refused.
    unique (plan_id, year, goal_id, version_no)
);

-- The figures a submitted version was written on, frozen: canonical JSON and its SHA-256.
create table followup_snapshot (
    version_id bigint primary key,
    taken_at timestamptz not null,
    content varchar not null,
    sha256 varchar not null
);
