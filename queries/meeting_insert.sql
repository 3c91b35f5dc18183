insert into meeting_version (
    version_id, meeting_id, version_no, plan_id, meeting_date, participants, decisions,
    replaces, author, created_at
)
values (
    $version_id, $meeting_id, $version_no, $plan_id, $meeting_date, $participants, $decisions,
    $replaces, $author, $created_at
)
