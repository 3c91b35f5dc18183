-- Whether a code exists for the kind of name mapped to it: an indicator, a geography, or a
-- survey indicator (one with a question) for an answer group.
select code
from indicator
where $kind = 'indikator' and code = $code
union all
select code
from indicator
where $kind = 'svar' and code = $code and question is not null
union all
select code
from geography
where $kind = 'geografi' and code = $code
