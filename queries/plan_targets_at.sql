-- Targets of one version of a plan (as plan_targets for the newest).
select
    goal_id,
    indicator_code,
    geo_code,
    kind,
    threshold,
    per,
    text
from pv_target
where plan_id = $plan_id and version_no = $version_no
