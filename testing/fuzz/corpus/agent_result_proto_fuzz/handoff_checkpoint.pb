20261126-010000-abc123/
&Add phone_number column to users table€¼Ùò4*t
Database Migration
infrastructure-specialist!
qa-specialiststaging test
git-workflow-manager2dataB\infrastructure-specialist J;wrote database/migrations/004_add_phone_number_to_users.sql`Jd
5database/migrations/004_add_phone_number_to_users.sqlee4c696c0bff"infrastructure-specialist0b
migration.tableusershr
sqlite