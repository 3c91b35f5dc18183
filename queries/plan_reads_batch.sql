-- Whether an import's figures are among those a plan's series are derived from: the
-- (indicator, geography) pairs its charts show and every geography below them, at any level
-- (wider than the rows the plan query reads, never narrower).
with recursive reach (indicator_code, geo_code) as (
    select indicator_code, geo_code
    from plan_series_keys($plan_id)
    union
    select r.indicator_code, m.child_code
    from reach as r
    inner join geography_member as m on m.parent_code = r.geo_code
)

select exists (
    select 1
    from observation as o
    semi join reach as r using (indicator_code, geo_code)
    where o.batch_id = $batch_id
) as reads_batch
