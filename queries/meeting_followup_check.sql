-- The given follow-up versions with their plan and state (to check they can be presented).
select version_id, plan_id, state
from followup_version
where list_contains($version_ids, version_id)
