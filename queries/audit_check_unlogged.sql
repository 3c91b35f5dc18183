-- Rows no audit entry accounts for: written behind the application's back. Each logged table's
-- rows without an entry of their own, and dependent rows whose parent row does not exist.
with logged as (
    select
        entity,
        entity_id
    from audit_log
),

unlogged as (
    select
        'followup_version' as table_name,
        cast(version_id as varchar) as row_id,
        1 as row_count
    from followup_version
    where cast(version_id as varchar) not in (
        select entity_id from logged where entity = 'followup_version'
    )

    union all

    select
        'data_note' as table_name,
        cast(note_id as varchar) as row_id,
        1 as row_count
    from data_note
    where cast(note_id as varchar) not in (
        select entity_id from logged where entity = 'data_note'
    )

    union all

    select
        'meeting_version' as table_name,
        cast(version_id as varchar) as row_id,
        1 as row_count
    from meeting_version
    where cast(version_id as varchar) not in (
        select entity_id from logged where entity = 'meeting_version'
    )

    union all

    select
        'app_user_version' as table_name,
        cast(version_id as varchar) as row_id,
        1 as row_count
    from app_user_version
    where cast(version_id as varchar) not in (
        select entity_id from logged where entity = 'app_user_version'
    )

    union all

    select
        'import_batch' as table_name,
        cast(batch_id as varchar) as row_id,
        1 as row_count
    from import_batch
    where cast(batch_id as varchar) not in (
        select entity_id from logged where entity = 'import_batch'
    )

    union all

    select
        'name_alias' as table_name,
        cast(alias_id as varchar) as row_id,
        1 as row_count
    from name_alias
    where cast(alias_id as varchar) not in (
        select entity_id from logged where entity = 'name_alias'
    )

    union all

    select
        'geography_added' as table_name,
        code as row_id,
        1 as row_count
    from geography_added
    where code not in (
        select entity_id from logged where entity = 'geography_added'
    )

    union all

    -- versions carried over by migration 019 (no content, saved before versions) excepted
    select
        'plan_version' as table_name,
        cast(version_id as varchar) as row_id,
        1 as row_count
    from plan_version
    where
        not (saved_by = 'migrering 019' and content is null)
        and cast(version_id as varchar) not in (
            select entity_id from logged where entity = 'plan_version'
        )
),

orphans as (
    select
        'followup_snapshot' as table_name,
        cast(version_id as varchar) as row_id,
        1 as row_count
    from followup_snapshot
    where version_id not in (select version_id from followup_version)

    union all

    select
        'meeting_presented' as table_name,
        cast(meeting_version_id as varchar) as row_id,
        count(*) as row_count
    from meeting_presented
    where meeting_version_id not in (select version_id from meeting_version)
    group by meeting_version_id

    union all

    select
        'meeting_approved' as table_name,
        cast(meeting_version_id as varchar) as row_id,
        count(*) as row_count
    from meeting_approved
    where meeting_version_id not in (select version_id from meeting_version)
    group by meeting_version_id

    union all

    select
        'observation' as table_name,
        cast(batch_id as varchar) as row_id,
        count(*) as row_count
    from observation
    where batch_id not in (select batch_id from import_batch)
    group by batch_id

    union all

    select
        'pv_baseline' as table_name,
        p.plan_id || ' v' || cast(p.version_no as varchar) as row_id,
        count(*) as row_count
    from pv_baseline as p
    anti join plan_version as v using (plan_id, version_no)
    group by p.plan_id, p.version_no

    union all

    select
        'pv_goal' as table_name,
        p.plan_id || ' v' || cast(p.version_no as varchar) as row_id,
        count(*) as row_count
    from pv_goal as p
    anti join plan_version as v using (plan_id, version_no)
    group by p.plan_id, p.version_no
)

select
    table_name,
    row_id,
    row_count,
    false as orphan
from unlogged
union all
select
    table_name,
    row_id,
    row_count,
    true as orphan
from orphans
order by orphan, table_name, try_cast(row_id as bigint), row_id
