+wrote database/migrations/004_add_phone.sql*+
%database/migrations/004_add_phone.sql02rm"a.sql:12f:
migration.tableusers