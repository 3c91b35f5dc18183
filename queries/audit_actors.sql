-- The users who appear in the audit log, for the Revision page's filter.
select distinct actor
from audit_log
order by actor
