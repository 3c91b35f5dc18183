-- The afdelinger added on import ('ny geografi', geography_added) are the users' data: after
-- the registry's geographies are (re)loaded, each is in the geography table again, with the
-- name and organisation it was added with, where the registry does not define the code itself.
insert into geography (code, name, level, kommune_code, organisation)
select a.code, a.name, a.level, null, a.organisation
from geography_added as a
anti join geography as g on g.code = a.code
