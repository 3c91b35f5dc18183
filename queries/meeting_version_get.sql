-- One meeting version by id, with the follow-up versions presented (as a list).
select
    m.version_id,
    m.meeting_id,
    m.version_no,
    m.plan_id,
    m.meeting_date,
    m.participants,
    m.decisions,
    m.replaces,
    m.author,
    m.created_at,
    coalesce(
        (
            select list(p.followup_version_id order by p.followup_version_id)
            from meeting_presented as p
            where p.meeting_version_id = m.version_id
        ),
        []
    ) as presented
from meeting_version as m
where m.version_id = $version_id
