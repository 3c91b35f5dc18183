-- Whether a code exists for the kind of name mapped to it: an indicator, a geography, or a
-- survey indicator (asked by its question, or its own text) for an answer group.
select code
from indicator
where $kind = 'indikator' and code = $code
union all
select code
from indicator
where $kind = 'svar' and code = $code and (question is not null or source_kind = 'tryghed')
union all
select code
from geography
where $kind = 'geografi' and code = $code
