// Opens the throwaway staging databases the data agents work on, from the
// handoff's Staging (kind "sqlite", the default, or "postgres" with a URL).
// Thread-safe (each call makes its own database).
#ifndef BATON_AGENTS_DATA_STAGING_H_
#define BATON_AGENTS_DATA_STAGING_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "agents/data/staging_database.h"

namespace baton::agents::data {

struct StagingTarget {
  std::string kind;         // "sqlite" (or "") or "postgres".
  std::string url;          // postgres: the server's URL.
  std::string scratch_dir;  // sqlite: where the database files go.
};

// The dialect of `target`. InvalidArgument for an unknown kind, or
// "postgres" without a postgres:// URL.
absl::StatusOr<SqlDialect> TargetDialect(const StagingTarget& target);

// A new, empty database: sqlite -> <scratch_dir>/<purpose>.sqlite3 (any old
// file replaced; in memory when scratch_dir is empty); postgres -> a
// PostgresStaging (dropped when the returned object is destroyed). Errors:
// those of TargetDialect, SqliteStaging::CreateFresh, PostgresStaging::Create.
absl::StatusOr<std::unique_ptr<StagingDatabase>> OpenThrowawayDatabase(
    const StagingTarget& target, absl::string_view purpose);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_STAGING_H_
