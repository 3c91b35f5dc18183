-- No foreign keys: `init` replaces the registry tables in one transaction, which DuckDB's
-- foreign-key checks refuse; the registry loader checks every reference before writing, and
-- the ETL checks every code against the registry before an import is written.
-- Registries, geography, observations and the import log.
-- Observations are never updated in place: a revision is a new row from a newer batch.

create sequence batch_id_seq start 1;
create sequence observation_id_seq start 1;

create table geography (
    code varchar primary key,          -- AAB-55, Vejleåparken, 183, almene-183, 000, comparator name
    name varchar not null,
    level varchar not null check (level in
        ('afdeling', 'boligomraade', 'plan', 'kommune', 'almene_kommune', 'landsplan', 'comparator')),
    kommune_code varchar,              -- the kommune an area lies in
    organisation varchar               -- afdelinger: the owning boligorganisation
);

create table geography_alias (
    alias_norm varchar primary key,    -- normalised spelling (see monitor.text.normalise)
    geo_code varchar not null
);

-- A boligområde (or a plan) is a set of afdelinger; the set can change between periods.
create table geography_member (
    parent_code varchar not null,
    child_code varchar not null,
    valid_from integer,                -- first year (inclusive); null = always
    valid_to integer,                  -- last year (inclusive); null = open
    primary key (parent_code, child_code)
);

create table organisation (
    code varchar primary key,
    name varchar not null
);

create table indicator (
    code varchar primary key,
    name varchar not null,
    unit varchar not null check (unit in ('andel', 'antal', 'gennemsnit', 'beløb', 'pr. 1000')),
    direction varchar not null check (direction in ('higher', 'lower')),
    source_kind varchar not null check (source_kind in ('lbf', 'tryghed', 'lokal')),
    definition varchar not null,
    source varchar,
    survey varchar,
    question varchar,
    answer_group varchar
);

create table indicator_alias (
    alias_norm varchar primary key,
    indicator_code varchar not null,
    alias varchar not null
);

create table plan (
    plan_id varchar primary key,
    name varchar not null,
    kommune_code varchar not null,
    period_start date not null,
    period_end date not null,
    source_document varchar
);

create table plan_area (
    plan_id varchar not null,
    geo_code varchar not null,
    sort_order integer not null,
    primary key (plan_id, geo_code)
);

create table goal (
    plan_id varchar not null,
    goal_id varchar not null,
    kind varchar not null check (kind in ('maal', 'delmaal')),
    indsatsomraade varchar not null,
    title varchar not null,
    sort_order integer not null,
    primary key (plan_id, goal_id)
);

create table goal_indicator (
    plan_id varchar not null,
    goal_id varchar not null,
    indicator_code varchar not null,
    geo_code varchar not null,
    sort_order integer not null,
    primary key (plan_id, goal_id, indicator_code, geo_code)
);

create table baseline (
    plan_id varchar not null,
    goal_id varchar not null,
    indicator_code varchar not null,
    area_code varchar not null,         -- the geography the goal follows the indicator for
    geo_code varchar not null,
    role varchar not null check (role in ('omraade', 'kommune', 'sammenligning')),
    value double,
    count integer,
    year integer,
    source varchar,
    uncertain boolean not null default false,
    note varchar,
    sort_order integer not null,
    primary key (plan_id, goal_id, indicator_code, area_code, geo_code)
);

create table target (
    plan_id varchar not null,
    goal_id varchar not null,
    indicator_code varchar not null,
    geo_code varchar not null,
    kind varchar not null check (kind in ('below', 'above', 'at_most', 'at_least', 'direction')),
    threshold double,
    per varchar,
    text varchar not null,
    primary key (plan_id, goal_id, indicator_code, geo_code, kind)
);

create table activity (
    plan_id varchar not null,
    activity_id varchar not null,
    name varchar not null,
    indsatsomraade varchar,
    primary key (plan_id, activity_id)
);

create table activity_goal (
    plan_id varchar not null,
    activity_id varchar not null,
    goal_id varchar not null,
    primary key (plan_id, activity_id, goal_id)
);

create table import_batch (
    batch_id bigint primary key default nextval('batch_id_seq'),
    sha256 varchar not null unique,
    file_name varchar not null,
    kind varchar not null check (kind in ('lbf', 'tryghed', 'lokal', 'dst')),
    layout varchar,
    imported_by varchar not null,
    imported_at timestamptz not null default current_timestamp,
    rows_read integer not null,
    values_loaded integer not null,
    values_unchanged integer not null,
    values_revised integer not null,
    warnings json,                      -- list of warning messages (Danish)
    content blob not null               -- the original bytes, downloadable again
);

create table observation (
    observation_id bigint primary key default nextval('observation_id_seq'),
        indicator_code varchar not null,
    geo_code varchar not null,
    period varchar not null,            -- 2024, 2024-K3 or 2024-09
    period_type varchar not null check (period_type in ('year', 'quarter', 'month')),
    year integer not null,
    value double,                       -- shares in percent points
    numerator double,
    denominator double,                 -- register denominator, or survey respondents
    suppressed boolean not null default false,
    suppressed_below integer,           -- "<5" is kept as suppressed below 5
    uncertain boolean not null default false,
    survey varchar,                     -- survey indicators: which survey the figure comes from
    note varchar,
    raw_text varchar,                   -- the cell text(s) the figure was parsed from
    source_row integer,                 -- 1-based row in the source file (sheet)
    source_sheet varchar,
    batch_id bigint not null
);
create index observation_key on observation (indicator_code, geo_code, period);

-- Each load of the registries (python -m etl init), append-only: the cache key of the app.
create table registry_load (
    loaded_at timestamptz not null default current_timestamp,
    sha256 varchar not null,
    loaded_by varchar not null
);
