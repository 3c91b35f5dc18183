-- The full content of one version of a plan (the plan document, JSON).
select
    plan_id,
    version_no,
    cast(content as varchar) as content
from plan_version
where plan_id = $plan_id and version_no = $version_no
