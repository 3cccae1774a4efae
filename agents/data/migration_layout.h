// Where a repository keeps its SQL migrations and how it writes them.
//
// Three conventions are recognised:
//   - kUpDownSections: `001_create_users_table.sql` holding a `-- Up migration`
//     and a `-- Down migration` section (the data card's example);
//   - kDbmate: one file with `-- migrate:up` / `-- migrate:down` (dbmate);
//   - kUpDownFiles: `001_name.up.sql` + `001_name.down.sql` (golang-migrate).
// New migrations are written in the convention and numbering of the newest
// existing one. Thread-compatible; functions touch only the given repository.
#ifndef BATON_AGENTS_DATA_MIGRATION_LAYOUT_H_
#define BATON_AGENTS_DATA_MIGRATION_LAYOUT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace baton::agents::data {

enum class MigrationConvention {
  kUpDownSections,
  kDbmate,
  kUpDownFiles,
};

// "up/down sections", "dbmate", "up/down files".
absl::string_view ConventionName(MigrationConvention convention);

// Where migrations are looked for, in order; the first existing one wins.
inline constexpr absl::string_view kMigrationDirectories[] = {
    "database/migrations", "db/migrations", "migrations"};

struct MigrationSql {
  std::string up;
  std::string down;
};

struct Migration {
  std::string version;  // As written in the file name: "001".
  int64_t number = 0;   // 1
  std::string name;     // "create_users_table"
  MigrationConvention convention = MigrationConvention::kUpDownSections;
  // Repository-relative; the same file for single-file conventions.
  std::string up_file;
  std::string down_file;
  MigrationSql sql;

  // up_file, then down_file when it differs.
  std::vector<std::string> Files() const;
};

struct MigrationLayout {
  std::string directory;  // Repository-relative: "database/migrations".
  // The newest migration's convention; kUpDownSections when there is none.
  MigrationConvention convention = MigrationConvention::kUpDownSections;
  std::vector<Migration> migrations;  // Ascending by number.

  // The version of the next migration: the newest plus one with the same
  // zero-padding ("003" -> "004", "9" -> "10"), "001" when there is none.
  // For 14-digit timestamp versions (dbmate's YYYYMMDDHHMMSS), the later of
  // newest + 1 and `now` in UTC.
  std::string NextVersion(absl::Time now) const;
};

// Splits the text of a single-file migration into its up and down SQL.
// InvalidArgument when `text` has no up marker, repeats a marker, or has SQL
// before the first marker; FailedPrecondition when the down section is
// missing or empty while the up is not (the migration is irreversible). Error
// messages start with `file_name`.
absl::StatusOr<MigrationSql> SplitMigrationText(
    absl::string_view text, absl::string_view file_name,
    MigrationConvention* convention);

// Finds and reads the migrations of the repository at `repo_root`.
// NotFound when none of kMigrationDirectories exists (the message lists where
// it looked); InvalidArgument for a .sql file without a leading version
// number or two migrations sharing a version; FailedPrecondition for an
// irreversible migration; the errors of SplitMigrationText otherwise.
absl::StatusOr<MigrationLayout> FindMigrationLayout(
    const std::string& repo_root);

struct NewMigration {
  std::string name;  // snake_case: "add_phone_number_to_users".
  // Comment lines (without "-- ") written at the top of each file.
  std::vector<std::string> header;
  MigrationSql sql;
  // The SQL must not run inside a transaction (CREATE INDEX CONCURRENTLY):
  // dbmate files get `-- migrate:up transaction:false`.
  bool outside_transaction = false;
};

// Writes `migration` into `layout.directory` of `repo_root` as version
// layout.NextVersion(now), in layout.convention. Returns the repository-
// relative paths written. InvalidArgument for a name that is not snake_case;
// AlreadyExists when a target file exists; Internal when writing fails.
absl::StatusOr<std::vector<std::string>> WriteMigration(
    const std::string& repo_root, const MigrationLayout& layout,
    const NewMigration& migration, absl::Time now);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_MIGRATION_LAYOUT_H_
