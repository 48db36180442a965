"""Users, roles, memberships (user x role x county), the permission layer, the access log."""
