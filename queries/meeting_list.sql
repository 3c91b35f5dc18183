-- A plan's meetings (optionally one year): the newest version of each, or every version when
-- $history is true, with the follow-up versions presented and approved.
select *
from meeting_version_v
where
    plan_id = $plan_id
    and (cast($year as integer) is null or year(meeting_date) = $year)
    and ($history or is_current)
order by meeting_date, meeting_id, version_no
