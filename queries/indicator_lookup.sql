-- Every spelling of every indicator, with what the ETL needs to parse and check its figures.
select
    a.alias_norm,
    i.code,
    i.name,
    i.unit,
    i.source_kind,
    i.survey,
    i.question,
    i.answer_group
from indicator_alias as a
inner join indicator as i on i.code = a.indicator_code
order by i.code
