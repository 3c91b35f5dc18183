-- Users live in the database they act on, so a users store of one's own cannot be pointed at
-- another person's database; every user change is an audit entry in the same chain.
-- Append-only like every other write: a change is a new version of the user.
create sequence app_user_version_id_seq start 1;

create table app_user_version (
    version_id bigint primary key default nextval('app_user_version_id_seq'),
    username varchar not null,
    version_no integer not null,         -- 1, 2, 3 ... per user; the newest is the user now
    role varchar not null check (role in ('læser', 'redaktør', 'revisor', 'administrator')),
    active boolean not null,
    password_hash varchar not null,     -- argon2id
    demo boolean not null,              -- a demo database's user: logs in only in demo mode
    demo_password varchar,              -- shown on the demo login page (demo users only)
    change varchar not null check (change in
        ('add', 'role', 'password', 'deactivate', 'activate')),
    author varchar not null,
    created_at timestamptz not null,
    unique (username, version_no)
);

-- What kind of database this is, fixed when its first content is written: `demo --force`
-- rebuilds only a demo database, never one with real follow-ups and audit log.
create table database_meta (
    database_id varchar primary key,
    kind varchar not null check (kind in ('demo', 'production')),
    created_at timestamptz not null default current_timestamp
);

-- A demo database made by an older version is recognised by its demo users.
insert into database_meta (database_id, kind)
select cast(uuid() as varchar), 'demo'
where exists (select 1 from demo_user);

drop table demo_user;

-- Sign-off: the follow-up versions a meeting approved (per meeting version, like presented).
create table meeting_approved (
    meeting_version_id bigint not null,
    followup_version_id bigint not null,
    primary key (meeting_version_id, followup_version_id)
);

-- A correction says why; one made after the board approved the year is marked so, and needs
-- a new approval.
alter table followup_version add column reason varchar;
alter table followup_version add column after_approval boolean default false;

-- HMAC of each entry's hash with a key kept outside the database ($MONITOR_AUDIT_KEY): a chain
-- rewritten by someone without the key no longer carries valid MACs. Null where no key was set.
alter table audit_log add column mac varchar;

-- The approvals in force: those of each meeting's newest version (a corrected meeting record
-- replaces its approvals as a whole).
create view approval_current as
with newest as (
    select *
    from meeting_version
    qualify row_number() over (partition by meeting_id order by version_no desc) = 1
)

select
    a.followup_version_id,
    m.meeting_id,
    m.version_id as meeting_version_id,
    m.meeting_date
from meeting_approved as a
inner join newest as m on m.version_id = a.meeting_version_id;

-- A follow-up version as every page and export reads it: its goal, snapshot fingerprint, and
-- the first meeting that approved it (null: not approved).
create view followup_version_v as
select
    v.version_id,
    v.plan_id,
    v.year,
    v.goal_id,
    g.kind,
    g.indsatsomraade,
    g.title as goal,
    g.sort_order,
    v.version_no,
    v.state,
    v.status,
    v.story_md,
    v.next_steps,
    v.replaces,
    v.corrects,
    v.reason,
    coalesce(v.after_approval, false) as after_approval,
    v.author,
    v.created_at,
    s.sha256 as snapshot_sha256,
    (
        select min(a.meeting_date)
        from approval_current as a
        where a.followup_version_id = v.version_id
    ) as approved_on
from followup_version as v
left join followup_snapshot as s on s.version_id = v.version_id
left join goal as g on g.plan_id = v.plan_id and g.goal_id = v.goal_id;

-- A meeting version as the pages and exports read it: with the follow-up versions presented
-- and approved (as lists) and whether it is the meeting's newest version.
create view meeting_version_v as
select
    m.version_id,
    m.meeting_id,
    m.version_no,
    m.plan_id,
    m.meeting_date,
    m.participants,
    m.decisions,
    m.replaces,
    m.author,
    m.created_at,
    m.version_no = max(m.version_no) over (partition by m.meeting_id) as is_current,
    coalesce(
        (
            select list(p.followup_version_id order by p.followup_version_id)
            from meeting_presented as p
            where p.meeting_version_id = m.version_id
        ),
        []
    ) as presented,
    coalesce(
        (
            select list(a.followup_version_id order by a.followup_version_id)
            from meeting_approved as a
            where a.meeting_version_id = m.version_id
        ),
        []
    ) as approved
from meeting_version as m;
