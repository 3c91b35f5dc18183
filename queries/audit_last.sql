-- The newest audit entry: the link the next entry chains to.
select seq, entry_hash
from audit_log
order by seq desc
limit 1
