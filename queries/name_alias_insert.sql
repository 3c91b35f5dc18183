-- A spelling mapped to a registry code (append-only: a newer row replaces an older one).
insert into name_alias (kind, alias, alias_norm, code, created_by)
values ($kind, $alias, $alias_norm, $code, $created_by)
returning alias_id
