// The infrastructure-specialist's "Database Schema Design" step: turns the
// systems-architect's DDL files (the schema.ddl_files fact, each a SCHEMA
// artifact unchanged since it was written) into migrations in the
// repository's convention (schema_migration_author.h), then verifies every
// migration up, down and up again on a throwaway staging database (SQLite,
// or the handoff's PostgreSQL server) with the repository's seeds
// (agents/data/migration_verifier.h). A diagram-only
// design has nothing to migrate and succeeds without artifacts.
// Facts: migration.files, migration.tables, migration.verified.
// Thread-compatible: writes in the request's workspace and scratch folder.
#ifndef BATON_AGENTS_SCHEMA_MIGRATION_STEP_H_
#define BATON_AGENTS_SCHEMA_MIGRATION_STEP_H_

#include "absl/status/statusor.h"
#include "executor/handoff.pb.h"

namespace baton::agents::schema {

// Errors: FailedPrecondition when a DDL file is not a SCHEMA artifact of the
// handoff or changed since, and those of AuthorSchemaMigrations and
// VerifyMigrations; InvalidArgument without a scratch folder.
absl::StatusOr<handoff::AgentResult> SchemaMigrationStep(
    const handoff::AgentRequest& request);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_MIGRATION_STEP_H_
