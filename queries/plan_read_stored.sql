-- A plan's stored read, if it was computed for the database's present state.
select payload
from plan_read_stored
where plan_id = $plan_id and query_name = $query_name and source_key = read_source_key()
