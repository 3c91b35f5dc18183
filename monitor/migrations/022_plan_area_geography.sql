-- Membership per plan, not per code (issue 9). Two plans can define the same boligområde with
-- different afdelinger in a year both cover: Vejleåparken 2021-25 (AAB-55) and Ishøj 2025-29
-- (AAB-55 and Steenbjerggård from 2025). The area's shared geography (Vejleåparken, members by
-- period in geography_member) is what imports and area deliveries use; a plan whose own
-- definition differs from it in some year of its period gets its own geography for the area
-- (code 'plan:<plan>:<area>', its members in every year), and its figures for the area that
-- are summed over afdelinger are summed over that geography (queries/plan_series.sql,
-- plan_chart_periods.sql). Figures delivered for the area itself are the area's for every plan.
-- Rebuilt with the memberships on every plan save and `etl init` (monitor.plan_versions).
create table plan_area_geography (
    plan_id varchar not null,
    area_code varchar not null,     -- the boligområde as the plan names it (plan_area.geo_code)
    geo_code varchar not null,      -- the geography of the plan's definition of it
    primary key (plan_id, area_code)
);
