insert into followup_version (
    plan_id, year, goal_id, version_no, state, status, story_md, next_steps, replaces, corrects,
    reason, after_approval, author, created_at
)
values (
    $plan_id, $year, $goal_id, $version_no, $state, $status, $story_md, $next_steps, $replaces,
    $corrects, $reason, $after_approval, $author, $created_at
)
returning version_id
