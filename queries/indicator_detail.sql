-- One indicator's definition and source, for the text under its chart.
select
    code,
    name,
    unit,
    direction,
    source_kind,
    definition,
    source,
    survey,
    question,
    answer_group
from indicator
where code = $indicator_code
