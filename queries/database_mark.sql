insert into database_meta (database_id, kind)
values (cast(uuid() as varchar), $kind)
