-- The kinds of write the audit log holds, for the Revision page's filter.
select distinct action
from audit_log
order by action
