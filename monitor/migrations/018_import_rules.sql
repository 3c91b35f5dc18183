-- Issue 11, the import side.
-- 1. A year is summed from quarters or months only for counts: a share, an average, an amount
--    or a rate for a year is never made by adding (or averaging) sub-year values. Their
--    quarters and months stay as loaded, and the year shows only when the source gives it.
-- 2. Names as they come: spellings of indicators, geographies and answer groups that users
--    map once (Import page or `python -m etl alias add`), kept as data. Append-only: a newer
--    row for the same kind and spelling replaces the older one, which stays as history; every
--    row has an audit entry (entity 'name_alias').

-- The rule lives in the macro every derived view and plan query uses (migration 017); the view
-- is the macro over all current observations.
create or replace macro observation_yearly_rollup_of(current_rows) as table
with parts as (
    select c.*
    from query_table(current_rows) as c
    semi join indicator as i on i.code = c.indicator_code and i.unit = 'antal'
    where c.period_type in ('quarter', 'month')
),

by_year as (
    select
        indicator_code,
        geo_code,
        year,
        period_type,
        sum(value) as value,
        count(distinct period) as periods,
        bool_or(suppressed or value is null) as any_missing,
        bool_or(uncertain) as uncertain,
        max(batch_id) as batch_id
    from parts
    group by indicator_code, geo_code, year, period_type
)

select
    indicator_code,
    geo_code,
    cast(year as varchar) as period,
    year,
    value,
    cast(null as double) as numerator,
    cast(null as double) as denominator,
    false as suppressed,
    cast(null as integer) as suppressed_below,
    uncertain,
    periods < (case period_type when 'quarter' then 4 else 12 end) as partial,
    any_missing as incomplete,
    cast(null as varchar) as survey,
    cast(null as varchar) as note,
    batch_id
from by_year
-- Quarters win over months where a year has both.
qualify row_number() over (
    partition by indicator_code, geo_code, year order by period_type = 'quarter' desc
) = 1;

create or replace view observation_yearly_rollup as
select * from observation_yearly_rollup_of(observation_current);

create sequence name_alias_id_seq start 1;

create table name_alias (
    alias_id bigint primary key default nextval('name_alias_id_seq'),
    kind varchar not null check (kind in ('indikator', 'geografi', 'svar')),
    alias varchar not null,            -- the spelling as the file writes it
    alias_norm varchar not null,       -- its loose key (monitor.text.loose_key)
    code varchar not null,             -- indicator code; geography code; for 'svar' the
                                       -- survey indicator whose answer group it names
    created_by varchar not null,       -- the logged-in user
    created_at timestamptz not null default current_timestamp
);

-- An afdeling new to the registry, added on the Import page ("ny geografi") so a delivery
-- naming it can load. Kept here (append-only, with who and when, audit entity
-- 'geography_added') besides its row in geography.
create table geography_added (
    code varchar primary key,
    name varchar not null,
    level varchar not null,
    organisation varchar,
    created_by varchar not null,
    created_at timestamptz not null default current_timestamp
);
