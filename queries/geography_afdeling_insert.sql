-- A new afdeling in the registry's geography table (see geography_added).
insert into geography (code, name, level, kommune_code, organisation)
values ($code, $geo_name, 'afdeling', null, $organisation)
returning code
