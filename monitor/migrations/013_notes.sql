-- Notes on single data points ("2020: rådgivningen var ikke personlig under corona"),
-- append-only: a correction or a withdrawal is a new row pointing to the note it replaces.
create sequence data_note_id_seq start 1;

create table data_note (
    note_id bigint primary key default nextval('data_note_id_seq'),
    plan_id varchar,                    -- optional: a note for one plan's reading of the figure
    indicator_code varchar not null,
    geo_code varchar not null,
    period varchar not null,            -- 2020, 2020-K2, 2020-04
    text varchar not null,
    withdrawn boolean not null default false,
    replaces bigint unique,             -- two corrections of one note: the later is refused
    author varchar not null,
    created_at timestamptz not null
);
create index data_note_key on data_note (indicator_code, geo_code);
