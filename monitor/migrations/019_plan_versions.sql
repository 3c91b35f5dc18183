-- Plans are the users' data: every saved change is a new version of the plan, append-only
-- (issue 9). `plan_version` holds who saved it, when, why, from when it is in force, and the
-- plan's full content (the document `plan export` writes, canonical JSON). The `pv_*` tables
-- hold each version's rows so goals and baselines can be queried as of a version; the old
-- table names (plan, goal, baseline, ...) become views of each plan's newest version, so every
-- read that knew them keeps working.
--
-- "The plan as of date D" is the newest version whose in_force_from is on or before D (see
-- queries/plan_version_as_of.sql): a version adopted by the bestyrelse is in force from the
-- meeting's date; otherwise from the date given when it was saved (by default the day it was
-- saved; a plan's first version from the plan's start).

create sequence plan_version_id_seq start 1;

create table plan_version (
    version_id bigint primary key default nextval('plan_version_id_seq'),
    plan_id varchar not null,
    version_no integer not null,            -- 1, 2, 3 ... per plan
    saved_by varchar not null,
    saved_at timestamptz not null,
    reason varchar not null,
    in_force_from date not null,
    adopted_meeting_id bigint,              -- the bestyrelsesmøde that adopted it (meeting_id)
    adopted_on date,                        -- or the date it was adopted
    adopted_note varchar,                   -- and a note saying where
    sha256 varchar,                         -- of content (null: carried over by this migration)
    content json,                           -- the plan as `plan export --format yaml` writes it
    unique (plan_id, version_no)
);

create table pv_plan (
    plan_id varchar not null,
    version_no integer not null,
    name varchar not null,
    kommune_code varchar not null,
    period_start date not null,
    period_end date not null,
    source_document varchar,
    predecessor varchar,                    -- the plan this one continues (plan_id)
    meetings_per_year integer,              -- the bestyrelse's rhythm
    primary key (plan_id, version_no)
);

create table pv_plan_area (
    plan_id varchar not null,
    version_no integer not null,
    geo_code varchar not null,
    sort_order integer not null,
    primary key (plan_id, version_no, geo_code)
);

create table pv_goal (
    plan_id varchar not null,
    version_no integer not null,
    goal_id varchar not null,
    kind varchar not null check (kind in ('maal', 'delmaal')),
    indsatsomraade varchar not null,
    title varchar not null,
    sort_order integer not null,
    primary key (plan_id, version_no, goal_id)
);

create table pv_goal_indicator (
    plan_id varchar not null,
    version_no integer not null,
    goal_id varchar not null,
    indicator_code varchar not null,
    geo_code varchar not null,
    sort_order integer not null,
    primary key (plan_id, version_no, goal_id, indicator_code, geo_code)
);

create table pv_baseline (
    plan_id varchar not null,
    version_no integer not null,
    goal_id varchar not null,
    indicator_code varchar not null,
    area_code varchar not null,
    geo_code varchar not null,
    role varchar not null check (role in ('omraade', 'kommune', 'sammenligning')),
    value double,
    count integer,
    year integer,
    source varchar,
    uncertain boolean not null default false,
    note varchar,
    sort_order integer not null,
    primary key (plan_id, version_no, goal_id, indicator_code, area_code, geo_code)
);

create table pv_target (
    plan_id varchar not null,
    version_no integer not null,
    goal_id varchar not null,
    indicator_code varchar not null,
    geo_code varchar not null,
    kind varchar not null check (kind in ('below', 'above', 'at_most', 'at_least', 'direction')),
    threshold double,
    per varchar,
    text varchar not null,
    primary key (plan_id, version_no, goal_id, indicator_code, geo_code, kind)
);

create table pv_activity (
    plan_id varchar not null,
    version_no integer not null,
    activity_id varchar not null,
    name varchar not null,
    indsatsomraade varchar,
    primary key (plan_id, version_no, activity_id)
);

create table pv_activity_goal (
    plan_id varchar not null,
    version_no integer not null,
    activity_id varchar not null,
    goal_id varchar not null,
    primary key (plan_id, version_no, activity_id, goal_id)
);

-- A database loaded before versions: its plans become version 1, carried over without content
-- (the next `etl init` or `plan import` saves a full version).
insert into plan_version (plan_id, version_no, saved_by, saved_at, reason, in_force_from)
select
    plan_id,
    1,
    'migrering 019',
    current_timestamp,
    'Planen som den stod i databasen, før planer fik versioner',
    period_start
from plan;

insert into pv_plan
select plan_id, 1, name, kommune_code, period_start, period_end, source_document, null, null
from plan;

insert into pv_plan_area select plan_id, 1, geo_code, sort_order from plan_area;

insert into pv_goal
select plan_id, 1, goal_id, kind, indsatsomraade, title, sort_order from goal;

insert into pv_goal_indicator
select plan_id, 1, goal_id, indicator_code, geo_code, sort_order from goal_indicator;

insert into pv_baseline
select
    plan_id, 1, goal_id, indicator_code, area_code, geo_code, role, value, count, year, source,
    uncertain, note, sort_order
from baseline;

insert into pv_target
select plan_id, 1, goal_id, indicator_code, geo_code, kind, threshold, per, text from target;

insert into pv_activity select plan_id, 1, activity_id, name, indsatsomraade from activity;

insert into pv_activity_goal select plan_id, 1, activity_id, goal_id from activity_goal;

drop table activity_goal;
drop table activity;
drop table target;
drop table baseline;
drop table goal_indicator;
drop table goal;
drop table plan_area;
drop table plan;

-- Each plan's newest version: what the pages show unless they ask for a date.
create view plan_current as
select plan_id, max(version_no) as version_no
from plan_version
group by plan_id;

create view plan as
select
    p.plan_id, p.name, p.kommune_code, p.period_start, p.period_end, p.source_document,
    p.predecessor, p.meetings_per_year
from pv_plan as p
inner join plan_current as c using (plan_id, version_no);

create view plan_area as
select p.plan_id, p.geo_code, p.sort_order
from pv_plan_area as p
inner join plan_current as c using (plan_id, version_no);

create view goal as
select p.plan_id, p.goal_id, p.kind, p.indsatsomraade, p.title, p.sort_order
from pv_goal as p
inner join plan_current as c using (plan_id, version_no);

create view goal_indicator as
select p.plan_id, p.goal_id, p.indicator_code, p.geo_code, p.sort_order
from pv_goal_indicator as p
inner join plan_current as c using (plan_id, version_no);

create view baseline as
select
    p.plan_id, p.goal_id, p.indicator_code, p.area_code, p.geo_code, p.role, p.value, p.count,
    p.year, p.source, p.uncertain, p.note, p.sort_order
from pv_baseline as p
inner join plan_current as c using (plan_id, version_no);

create view target as
select
    p.plan_id, p.goal_id, p.indicator_code, p.geo_code, p.kind, p.threshold, p.per, p.text
from pv_target as p
inner join plan_current as c using (plan_id, version_no);

create view activity as
select p.plan_id, p.activity_id, p.name, p.indsatsomraade
from pv_activity as p
inner join plan_current as c using (plan_id, version_no);

create view activity_goal as
select p.plan_id, p.activity_id, p.goal_id
from pv_activity_goal as p
inner join plan_current as c using (plan_id, version_no);
