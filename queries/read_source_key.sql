-- The database's data state, for which stored plan reads are valid (migration 023).
select read_source_key() as source_key
