insert into data_note (
    plan_id, indicator_code, geo_code, period, text, withdrawn, replaces, author, created_at
)
values (
    $plan_id, $indicator_code, $geo_code, $period, $text, $withdrawn, $replaces, $author,
    $created_at
)
returning note_id
