-- A plan's meetings (optionally one year): the newest version of each, or every version when
-- $history is true, with the follow-up versions presented.
with versions as (
    select
        *,
        row_number() over (partition by meeting_id order by version_no desc) = 1 as is_current
    from meeting_version
    where
        plan_id = $plan_id
        and (cast($year as integer) is null or year(meeting_date) = $year)
)

select
    v.version_id,
    v.meeting_id,
    v.version_no,
    v.plan_id,
    v.meeting_date,
    v.participants,
    v.decisions,
    v.replaces,
    v.author,
    v.created_at,
    v.is_current,
    coalesce(
        (
            select list(p.followup_version_id order by p.followup_version_id)
            from meeting_presented as p
            where p.meeting_version_id = v.version_id
        ),
        []
    ) as presented
from versions as v
where $history or v.is_current
order by v.meeting_date, v.meeting_id, v.version_no
