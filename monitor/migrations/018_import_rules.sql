-- Issue 11, the import side.
-- 1. A year is summed from quarters or months only for counts: that rule is in migration 017's
--    observation_yearly_rollup_of, which every derived view and plan query uses.
-- 2. Names as they come: spellings of indicators, geographies and answer groups that users
--    map once (Import page or `python -m etl alias add`), kept as data. Append-only: a newer
--    row for the same kind and spelling replaces the older one, which stays as history; every
--    row has an audit entry (entity 'name_alias').

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
