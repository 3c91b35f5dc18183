-- Every spelling of every indicator, with what the ETL needs to resolve and check its figures.
with aliases as (
    select
        alias_norm,
        indicator_code
    from indicator_alias
)

select
    a.alias_norm,
    i.code,
    i.name,
    i.unit,
    i.source_kind,
    i.survey,
    i.question,
    i.answer_group
from aliases as a
inner join indicator as i on a.indicator_code = i.code
union all
-- The code itself is a spelling too (a DST import names its indicator by code).
select
    lower(i.code) as alias_norm,
    i.code,
    i.name,
    i.unit,
    i.source_kind,
    i.survey,
    i.question,
    i.answer_group
from indicator as i
order by code, alias_norm
