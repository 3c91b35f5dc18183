-- Insert the new and revised figures of a batch; unchanged ones stay with their old batch.
insert into observation (
    indicator_code, geo_code, period, period_type, year, value, numerator, denominator,
    suppressed, suppressed_below, uncertain, survey, note, raw_text, source_row, source_sheet,
    batch_id
)
select
    indicator_code,
    geo_code,
    period,
    period_type,
    year,
    value,
    numerator,
    denominator,
    suppressed,
    suppressed_below,
    uncertain,
    survey,
    note,
    raw_text,
    source_row,
    source_sheet,
    $batch_id
from compared
where change <> 'unchanged'
