-- A write that changed none of these plans' inputs: their reads, valid for the state before
-- it ($key_before), are valid for the state after it.
update plan_read_stored
set source_key = $key_after
where source_key = $key_before
