-- Changes whenever data, registries or anything audited change (in this process or another):
-- the cache key of every cached loader.
select
    (select coalesce(max(batch_id), 0) from import_batch) as last_batch,
    (select count(*) from observation) as observations,
    (select coalesce(max(applied_at), timestamptz '2000-01-01') from schema_migration) as migrated,
    (select count(*) from registry_load) as registry_loads,
    (select coalesce(max(seq), 0) from audit_log) as last_audit,
    (select count(*) from plan_version) as plan_versions
