-- Store (or replace) one plan read computed for the data state $source_key.
insert or replace into plan_read_stored (plan_id, query_name, source_key, built_at, payload)
values ($plan_id, $query_name, $source_key, current_timestamp, $payload)
