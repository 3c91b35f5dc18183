-- A plan's dashboard reads (plan_series, plan_chart_periods), computed by the writer that
-- changed their inputs and stored with the data state they were computed for (source_key,
-- queries/read_source_key.sql). A read uses them only while the key is the database's own, so
-- a write that does not refresh them makes the reads live again, never stale. Derived data, not
-- a record: rows are replaced when recomputed (monitor/stored_reads.py).
create table plan_read_stored (
    plan_id varchar not null,
    query_name varchar not null,
    source_key varchar not null,
    built_at timestamptz not null default current_timestamp,
    -- the query's result as an Arrow IPC stream, so the stored rows keep every column's type
    payload blob not null,
    primary key (plan_id, query_name)
);

-- The state of everything a plan's figures are derived from: observations (append-only, so
-- their count and newest batch move with every import), the registries, the plans' versions,
-- the geographies and their members, the schema. Stored reads are valid for one key.
-- (One union, not eight scalar subqueries: DuckDB plans those as joins, 7 ms against 1,5 ms.)
create macro read_source_key() as (
    select string_agg(coalesce(n, 0)::varchar, '|' order by part)
    from (
        select 1 as part, max(batch_id) as n from import_batch
        union all
        select 2, count(*) from observation
        union all
        select 3, count(*) from registry_load
        union all
        select 4, count(*) from plan_version
        union all
        select 5, count(*) from geography
        union all
        select 6, count(*) from geography_member
        union all
        select 7, count(*) from indicator
        union all
        select 8, max(version) from schema_migration
    )
);
