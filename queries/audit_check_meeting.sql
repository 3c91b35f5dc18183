-- Every meeting version with the follow-up versions it presented and approved (sorted, as the
-- audit entry records them).
with presented as (
    select
        meeting_version_id,
        list(followup_version_id order by followup_version_id) as presented
    from meeting_presented
    group by meeting_version_id
),

approved as (
    select
        meeting_version_id,
        list(followup_version_id order by followup_version_id) as approved
    from meeting_approved
    group by meeting_version_id
)

select
    m.version_id,
    m.meeting_id,
    m.version_no,
    m.plan_id,
    cast(m.meeting_date as varchar) as meeting_date,
    m.participants,
    m.decisions,
    m.replaces,
    m.author,
    coalesce(p.presented, []) as presented,
    coalesce(a.approved, []) as approved
from meeting_version as m
left join presented as p on p.meeting_version_id = m.version_id
left join approved as a on a.meeting_version_id = m.version_id
order by m.version_id
