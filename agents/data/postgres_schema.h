// The schema of a PostgreSQL database (its current schema, normally
// `public`) as a SchemaSnapshot, read from pg_catalog, so the migration
// verifier compares PostgreSQL schemas exactly as it compares SQLite ones.
//
// Column types are format_type()'s spelling upper-cased ("CHARACTER
// VARYING(20)"); index origins are "pk", "u" (UNIQUE constraint) or "c";
// views, triggers, enum types, free-standing sequences and functions are
// `other_objects`. Thread-compatible (as PostgresDatabase).
#ifndef BATON_AGENTS_DATA_POSTGRES_SCHEMA_H_
#define BATON_AGENTS_DATA_POSTGRES_SCHEMA_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "agents/data/postgres_database.h"
#include "agents/data/schema_snapshot.h"

namespace baton::agents::data {

// Errors are PostgreSQL's (see PostgresDatabase::Query).
absl::StatusOr<SchemaSnapshot> TakePostgresSchemaSnapshot(PostgresDatabase& db);

// Row count of every table of the current schema, by name.
absl::StatusOr<std::map<std::string, int64_t>> CountPostgresRows(
    PostgresDatabase& db);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_POSTGRES_SCHEMA_H_
