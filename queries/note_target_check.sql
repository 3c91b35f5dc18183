-- Whether an indicator, a geography and (optionally) a plan exist.
select
    exists (select 1 from indicator where code = $indicator_code) as indicator_ok,
    exists (select 1 from geography where code = $geo_code) as geo_ok,
    cast($plan_id as varchar) is null
    or exists (select 1 from plan where plan_id = $plan_id) as plan_ok
