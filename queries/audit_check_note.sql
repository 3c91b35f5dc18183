-- Every data note, as the audit check compares them with the entries that recorded them.
with notes as (
    select
        note_id,
        plan_id,
        indicator_code,
        geo_code,
        period,
        text,
        withdrawn,
        replaces,
        author
    from data_note
)

select *
from notes
order by note_id
