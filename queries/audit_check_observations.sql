-- One batch's figures in a canonical order (every stored column), for the SHA-256 its audit
-- entry records (monitor.audit.observations_sha256), read a range of observation ids at a
-- time: sorting a million rows at once held 300 MB.
with rows as (
    select
        observation_id,
        indicator_code,
        geo_code,
        period,
        period_type,
        year,
        case when isfinite(value) then value end as value,
        case when isfinite(numerator) then numerator end as numerator,
        case when isfinite(denominator) then denominator end as denominator,
        suppressed,
        suppressed_below,
        uncertain,
        survey,
        note,
        raw_text,
        source_row,
        source_sheet
    from observation
    where batch_id = $batch_id and observation_id between $from_id and $to_id
)

select *
from rows
order by observation_id
