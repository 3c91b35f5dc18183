-- One note by id, with whether a newer note replaces it.
select
    n.note_id,
    n.plan_id,
    n.indicator_code,
    n.geo_code,
    n.period,
    n.text,
    n.withdrawn,
    n.replaces,
    n.author,
    n.created_at,
    exists (select 1 from data_note as r where r.replaces = n.note_id) as superseded
from data_note as n
where n.note_id = $note_id
