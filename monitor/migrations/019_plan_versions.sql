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

-- Geography by period (issue 9): a boligområde's or plan's members have a validity in years
-- (geography_member.valid_from / valid_to), and a member whose afdeling no seed names is a
-- placeholder afdeling ('ukendt:...') that never reports. An area's figure for a year sums the
-- afdelinger that are members that year, and is incomplete when one of them did not report;
-- so an area with members still unknown is never complete.
create or replace view geography_leaf as
with recursive closure (parent_code, child_code, valid_from, valid_to) as (
    select parent_code, child_code, valid_from, valid_to
    from geography_member
    union
    -- a member counts in the years both links of the chain are valid
    select
        c.parent_code,
        m.child_code,
        case
            when c.valid_from is null then m.valid_from
            when m.valid_from is null then c.valid_from
            else greatest(c.valid_from, m.valid_from)
        end,
        case
            when c.valid_to is null then m.valid_to
            when m.valid_to is null then c.valid_to
            else least(c.valid_to, m.valid_to)
        end
    from closure as c
    inner join geography_member as m on m.parent_code = c.child_code
)

select c.parent_code, c.child_code, c.valid_from, c.valid_to
from closure as c
inner join geography as g on g.code = c.child_code
where g.level = 'afdeling';

create or replace view observation_area_aggregate as
with yearly as (
    select *
    from observation_current
    where period_type = 'year'
),

parts as (
    select
        l.parent_code as geo_code,
        y.indicator_code,
        y.period,
        y.year,
        i.unit,
        y.value,
        y.numerator,
        y.denominator,
        y.suppressed,
        y.uncertain,
        y.batch_id,
        y.geo_code as afdeling
    from geography_leaf as l
    inner join yearly as y
        on
            y.geo_code = l.child_code
            and (l.valid_from is null or l.valid_from <= y.year)
            and (l.valid_to is null or l.valid_to >= y.year)
    inner join indicator as i on i.code = y.indicator_code
    where i.unit in ('andel', 'antal')
),

summed as (
    select
        geo_code,
        indicator_code,
        period,
        year,
        any_value(unit) as unit,
        count(distinct afdeling) as reported,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        sum(value) as total,
        bool_or(
            suppressed
            or value is null
            or (unit = 'andel' and (numerator is null or denominator is null))
        ) as any_missing,
        bool_or(uncertain) as uncertain,
        max(batch_id) as batch_id
    from parts
    group by geo_code, indicator_code, period, year
),

-- The afdelinger an area is made of in each year it has a figure.
members as (
    select s.geo_code, s.year, count(distinct l.child_code) as afdelinger
    from (select distinct geo_code, year from summed) as s
    inner join geography_leaf as l
        on
            l.parent_code = s.geo_code
            and (l.valid_from is null or l.valid_from <= s.year)
            and (l.valid_to is null or l.valid_to >= s.year)
    group by s.geo_code, s.year
)

select
    s.indicator_code,
    s.geo_code,
    s.period,
    s.year,
    case
        when s.unit = 'andel' and s.denominator > 0 then s.numerator / s.denominator * 100
        when s.unit = 'antal' then s.total
    end as value,
    case when s.unit = 'andel' then s.numerator end as numerator,
    case when s.unit = 'andel' then s.denominator end as denominator,
    false as suppressed,
    cast(null as integer) as suppressed_below,
    s.uncertain,
    false as partial,
    s.any_missing or s.reported < m.afdelinger as incomplete,
    cast(null as varchar) as survey,
    cast(null as varchar) as note,
    s.batch_id
from summed as s
inner join members as m using (geo_code, year);
