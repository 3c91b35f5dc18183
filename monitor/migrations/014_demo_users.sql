-- Demo users: filled only by the demo build (monitor.auth.create_demo_users) and read only in
-- demo mode (MONITOR_DEMO=1); outside demo mode this table is ignored. Real users live in the
-- users store outside the database and the git tree (monitor.config.users_path()).
create table demo_user (
    username varchar primary key,
    role varchar not null check (role in ('læser', 'redaktør', 'revisor', 'administrator')),
    password_hash varchar not null,     -- argon2id
    demo_password varchar not null,     -- shown on the demo login screen on purpose
    created_at timestamptz not null default current_timestamp
);
