-- What kind of database this is (null before it is marked) and whether anything is in it.
select
    (select min(kind) from database_meta) as kind,
    exists (select 1 from registry_load)
    or exists (select 1 from import_batch)
    or exists (select 1 from audit_log)
    or exists (select 1 from app_user_version) as has_content
