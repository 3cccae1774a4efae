// A staging database the data agents verify their work on: the SQLite or
// PostgreSQL database behind one interface, so migrations, schema snapshots,
// row counts and query plans work the same on both.
//
// Implementations: SqliteStaging (sqlite_staging.h) and PostgresStaging
// (postgres_staging.h); OpenThrowawayDatabase (staging.h) makes a fresh one.
// Not thread-safe: use one StagingDatabase from one thread at a time.
#ifndef BATON_AGENTS_DATA_STAGING_DATABASE_H_
#define BATON_AGENTS_DATA_STAGING_DATABASE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "agents/data/query_plan.h"
#include "agents/data/schema_snapshot.h"
#include "agents/data/sql_dialect.h"
#include "agents/data/sqlite_database.h"

namespace baton::agents::data {

class StagingDatabase {
 public:
  virtual ~StagingDatabase() = default;

  virtual SqlDialect dialect() const = 0;
  // Where it lives, for messages: "SQLite /scratch/x.sqlite3",
  // "PostgreSQL database baton_stage_1a2b on 127.0.0.1:54329".
  virtual std::string Describe() const = 0;

  // Runs every statement of `sql` in order, stopping at the first failure.
  // Errors name the failing statement (see SqliteDatabase::Exec and
  // PostgresDatabase::Exec for the codes).
  virtual absl::Status Exec(absl::string_view sql) = 0;
  // Runs one statement and returns its rows as text.
  virtual absl::StatusOr<std::vector<SqlRow>> Query(absl::string_view sql) = 0;

  // The user tables, indexes, foreign keys and other objects.
  virtual absl::StatusOr<SchemaSnapshot> Schema() = 0;
  // Rows in every user table, by table name.
  virtual absl::StatusOr<std::map<std::string, int64_t>> RowCounts() = 0;

  // The plan of `query`: SQLite's EXPLAIN QUERY PLAN (which does not run
  // it), PostgreSQL's EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) (which does,
  // and reports the execution time). `aliases` maps the query's aliases to
  // tables (lower-case alias -> table). Errors as for Query.
  virtual absl::StatusOr<QueryPlan> Explain(
      absl::string_view query,
      const std::map<std::string, std::string>& aliases) = 0;

  // Refreshes the planner's statistics (ANALYZE).
  virtual absl::Status Analyze() = 0;
};

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_STAGING_DATABASE_H_
