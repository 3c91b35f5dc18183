-- A new afdeling named by a delivery, recorded with who and when.
insert into geography_added (code, name, level, organisation, created_by)
values ($code, $geo_name, 'afdeling', $organisation, $created_by)
returning code
