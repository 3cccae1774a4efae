// The three built-in agents' steps of the data card's "Data Migration"
// workflow ("Migrate from MySQL to PostgreSQL"). The source is the handoff's
// `source` (baton run --source mysql://user@host:port/db; password from
// MYSQL_PWD), the target the handoff's PostgreSQL staging database
// (--staging postgresql://user@host:port/db): the run is the rehearsal the
// strategy asks for before production.
//   systems-architect        MigrationStrategyStep: reads the source schema,
//                            writes <dir>/strategy.md (SPEC, committed):
//                            inventory, type decisions and risks, phases,
//                            cut-over, rollback; facts "migration.*".
//   infrastructure-specialist MigrationImplementStep: translates the schema
//                            (schema_translator.h) into 001/002 up and down
//                            files (MIGRATION, committed) and a copy plan,
//                            creates the tables on the target, copies the data
//                            in batches (batch_copier.h), then adds indexes,
//                            foreign keys and identity restarts. The
//                            translation's decisions are findings.
//   qa-specialist            MigrationValidateStep: row counts, checksums and
//                            sample records on both sides (data_validator.h);
//                            every mismatch is an ERROR finding and the step
//                            FAILS naming the first one. The report goes to
//                            .baton/reports/<run-id>/data_validation.md (not
//                            committed).
// <dir> is database/data_migration/<source database>.
// Thread-compatible: each writes in its request's workspace.
#ifndef BATON_AGENTS_MIGRATION_MIGRATION_STEPS_H_
#define BATON_AGENTS_MIGRATION_MIGRATION_STEPS_H_

#include "absl/status/statusor.h"
#include "executor/handoff.pb.h"

namespace baton::agents::migration {

inline constexpr char kDataMigrationWorkflow[] = "Data Migration";

// Errors (all steps): FailedPrecondition when the handoff names no MySQL
// source or the staging database is not PostgreSQL (the message says which
// option to pass); Unavailable when a server cannot be reached. A schema
// with a column type that cannot be migrated gives a FAILED result with the
// findings.
absl::StatusOr<handoff::AgentResult> MigrationStrategyStep(const handoff::AgentRequest& request);
// Also: the errors of the DDL and of the copy (the table, key and column of
// a value PostgreSQL refuses).
absl::StatusOr<handoff::AgentResult> MigrationImplementStep(const handoff::AgentRequest& request);
// A FAILED result (not an error Status) with findings when the data differs.
absl::StatusOr<handoff::AgentResult> MigrationValidateStep(const handoff::AgentRequest& request);

}  // namespace baton::agents::migration

#endif  // BATON_AGENTS_MIGRATION_MIGRATION_STEPS_H_
