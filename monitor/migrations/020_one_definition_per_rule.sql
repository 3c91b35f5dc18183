-- One definition of the area rule: migration 019 made observation_area_aggregate year-aware as
-- a whole-table view; the same rule is in migration 017's observation_area_aggregate_of macro,
-- which the plan queries use on their own rows. The view is that macro over every current
-- observation again (tests/test_read_path.py checks the two definitions agree).
create or replace view observation_area_aggregate as
select * from observation_area_aggregate_of(observation_current);

-- The (indicator, geography, role) pairs a plan's charts and figures show: the areas it
-- follows (a goal followed for the plan's whole area also shows its boligområder as a
-- breakdown), the comparators its baselines name, and for register indicators the kommune,
-- almene boliger i kommunen and landsplan. plan_series and plan_chart_periods pick their rows
-- by it, so the figures and their chart labels cover the same pairs.
create or replace macro plan_series_keys(p_plan_id) as table
with plan_row as (
    select plan_id, kommune_code
    from plan
    where plan_id = p_plan_id
),

followed as (
    select distinct indicator_code, geo_code, 'omraade' as role
    from goal_indicator
    where plan_id = p_plan_id
    union
    -- a goal followed for the plan's whole area shows its boligområder as a breakdown
    select distinct gi.indicator_code, a.geo_code, 'omraade' as role
    from goal_indicator as gi
    inner join plan_area as a using (plan_id)
    where gi.plan_id = p_plan_id and gi.geo_code = 'plan:' || p_plan_id
),

baseline_geos as (
    select distinct indicator_code, geo_code, role
    from baseline
    where plan_id = p_plan_id and role <> 'omraade'
),

register_comparators as (
    select distinct f.indicator_code, c.geo_code, c.role
    from followed as f
    inner join indicator as i on i.code = f.indicator_code and i.source_kind = 'lbf'
    cross join plan_row as p
    cross join (
        select p.kommune_code as geo_code, 'kommune' as role from plan_row as p
        union all
        select 'almene-' || p.kommune_code, 'almene_kommune' from plan_row as p
        union all
        select '000', 'landsplan'
    ) as c
),

wanted as (
    select indicator_code, geo_code, min(role) as role
    from (
        select * from followed
        union all
        select * from baseline_geos
        union all
        select * from register_comparators
    )
    group by indicator_code, geo_code
)

select indicator_code, geo_code, role
from wanted;

-- The current observations behind `keys` (a relation with indicator_code and geo_code, as
-- plan_series_keys gives): each key's own and, for an area, those of the afdelinger behind it.
-- plan_series and plan_chart_periods derive their figures from these rows only.
create or replace macro plan_current_observations(keys) as table
with needed as (
    select indicator_code, geo_code
    from query_table(keys)
    union
    select k.indicator_code, l.child_code
    from query_table(keys) as k
    inner join geography_leaf_below(keys) as l on l.parent_code = k.geo_code
),

-- The geographies alone first: DuckDB filters the scan far better on one column than it
-- probes a two-column key (a third of the time at 10 M observations).
needed_geo as (
    select distinct geo_code
    from needed
),

-- (Only the columns the figures need: reading the raw text of every row costs more than
-- the rest together.)
plan_observation as (
    select
        o.observation_id, o.indicator_code, o.geo_code, o.period, o.period_type, o.year,
        o.value, o.numerator, o.denominator, o.suppressed, o.suppressed_below, o.uncertain,
        o.survey, o.note, o.batch_id
    from observation as o
    semi join needed_geo as ng on ng.geo_code = o.geo_code
    semi join needed as n using (indicator_code, geo_code)
)

select *
from observation_current_of(plan_observation);
