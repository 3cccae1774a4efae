#include "agents/data/migration_verifier.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agents/data/migration_layout.h"
#include "agents/data/migration_runner.h"
#include "agents/data/sqlite_database.h"
#include "agents/data/staging.h"

namespace baton::agents::data {
namespace {

namespace fs = std::filesystem;

using RowCounts = std::map<std::string, int64_t>;

using Database = std::unique_ptr<StagingDatabase>;

absl::StatusOr<Database> FreshDatabase(const VerifierOptions& options,
                                       const std::string& purpose) {
  std::error_code error;
  fs::create_directories(options.scratch_dir, error);
  StagingTarget target;
  target.kind = options.staging_kind;
  target.url = options.staging_url;
  target.scratch_dir = options.scratch_dir;
  return OpenThrowawayDatabase(target, purpose);
}

// Seed files under the "seeds" folder beside the migrations directory.
std::vector<std::string> FindSeedFiles(const std::string& repo_root,
                                       const std::string& migrations_dir) {
  fs::path parent = fs::path(migrations_dir).parent_path();
  fs::path seeds = parent.empty() ? fs::path("seeds") : parent / "seeds";
  std::vector<std::string> files;
  std::error_code error;
  if (!fs::is_directory(fs::path(repo_root) / seeds, error)) return files;
  for (fs::recursive_directory_iterator it(fs::path(repo_root) / seeds, error),
       end;
       !error && it != end; it.increment(error)) {
    if (it->is_regular_file(error) && it->path().extension() == ".sql") {
      // Lexically, relative to the folder iterated: symlinks stay unresolved.
      files.push_back(
          (seeds / it->path().lexically_relative(fs::path(repo_root) / seeds))
              .generic_string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

absl::StatusOr<SchemaSnapshot> Snapshot(StagingDatabase& db) {
  return db.Schema();
}

// Appends "table.column" for each column of `after` that `before` lacks.
void AddedColumns(const SchemaSnapshot& before, const SchemaSnapshot& after,
                  std::vector<std::string>* added) {
  for (const TableInfo& table : after.tables) {
    const TableInfo* old_table = before.FindTable(table.name);
    for (const ColumnInfo& column : table.columns) {
      if (old_table == nullptr ||
          old_table->FindColumn(column.name) == nullptr) {
        added->push_back(absl::StrCat(table.name, ".", column.name));
      }
    }
  }
}

// Applies `migration` up, checks that its down restores `before` and that a
// second up gives the same schema as the first.
absl::Status CheckRedo(StagingDatabase& db, const Migration& migration,
                       std::vector<std::string>* added_columns) {
  absl::StatusOr<SchemaSnapshot> before = Snapshot(db);
  if (!before.ok()) return before.status();
  absl::Status status = ApplyMigration(db, migration, Direction::kUp);
  if (!status.ok()) return status;
  absl::StatusOr<SchemaSnapshot> after_up = Snapshot(db);
  if (!after_up.ok()) return after_up.status();
  AddedColumns(*before, *after_up, added_columns);
  status = ApplyMigration(db, migration, Direction::kDown);
  if (!status.ok()) return status;
  absl::StatusOr<SchemaSnapshot> after_down = Snapshot(db);
  if (!after_down.ok()) return after_down.status();
  if (!(*after_down == *before)) {
    return absl::FailedPreconditionError(absl::StrCat(
        migration.down_file,
        " (down) does not undo its up: the schema after up then down differs "
        "from the schema before (- before, + after):\n",
        DiffSnapshots(*before, *after_down)));
  }
  status = ApplyMigration(db, migration, Direction::kUp);
  if (!status.ok()) return status;
  absl::StatusOr<SchemaSnapshot> again = Snapshot(db);
  if (!again.ok()) return again.status();
  if (!(*again == *after_up)) {
    return absl::FailedPreconditionError(absl::StrCat(
        migration.up_file,
        " (up) gives a different schema when applied again after its down "
        "(- first up, + second up):\n",
        DiffSnapshots(*after_up, *again)));
  }
  return absl::OkStatus();
}

absl::Status SchemaPass(const VerifierOptions& options,
                        const std::vector<Migration>& migrations,
                        const std::set<int64_t>& new_numbers,
                        VerificationReport* report) {
  absl::StatusOr<Database> db = FreshDatabase(options, "schema_roundtrip");
  if (!db.ok()) return db.status();
  for (const Migration& migration : migrations) {
    absl::Status status =
        new_numbers.count(migration.number) > 0
            ? CheckRedo(**db, migration, &report->added_columns)
            : ApplyMigration(**db, migration, Direction::kUp);
    if (!status.ok()) return status;
  }
  absl::StatusOr<SchemaSnapshot> first = Snapshot(**db);
  if (!first.ok()) return first.status();

  absl::Status status = ApplyMigrations(**db, migrations, Direction::kDown);
  if (!status.ok()) return status;
  absl::StatusOr<SchemaSnapshot> emptied = Snapshot(**db);
  if (!emptied.ok()) return emptied.status();
  if (!emptied->empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("after every down migration the database still holds:\n",
                     emptied->ToText(),
                     "\nthe down migrations do not undo the up migrations"));
  }

  status = ApplyMigrations(**db, migrations, Direction::kUp);
  if (!status.ok()) return status;
  absl::StatusOr<SchemaSnapshot> second = Snapshot(**db);
  if (!second.ok()) return second.status();
  if (!(*second == *first)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the schema does not round-trip: after up, down and up again it "
        "differs from after the first up (- first, + second):\n",
        DiffSnapshots(*first, *second)));
  }
  report->schema = *std::move(second);
  return absl::OkStatus();
}

// FailedPrecondition naming the first seeded table that lost rows.
absl::Status CheckRowsKept(StagingDatabase& db, const RowCounts& seeded,
                           const Migration& migration, Direction direction) {
  absl::StatusOr<RowCounts> now = db.RowCounts();
  if (!now.ok()) return now.status();
  const std::string& file =
      direction == Direction::kUp ? migration.up_file : migration.down_file;
  for (const auto& [table, rows] : seeded) {
    auto it = now->find(table);
    if (it == now->end()) {
      if (rows == 0) continue;
      return absl::FailedPreconditionError(
          absl::StrCat("data loss: table ", table, " (", rows,
                       " seeded rows) is gone after ", file, " (",
                       DirectionName(direction), ")"));
    }
    if (it->second < rows) {
      return absl::FailedPreconditionError(absl::StrCat(
          "data loss: table ", table, " lost rows after ", file, " (",
          DirectionName(direction), "): ", rows, " -> ", it->second));
    }
  }
  return absl::OkStatus();
}

absl::Status SeedPass(const VerifierOptions& options,
                      const std::vector<Migration>& migrations,
                      const std::set<int64_t>& new_numbers,
                      VerificationReport* report) {
  std::vector<Migration> existing;
  std::vector<Migration> added;
  for (const Migration& migration : migrations) {
    (new_numbers.count(migration.number) > 0 ? added : existing)
        .push_back(migration);
  }
  absl::StatusOr<Database> db = FreshDatabase(options, "seeded");
  if (!db.ok()) return db.status();
  StagingDatabase& staging = **db;
  absl::Status status = ApplyMigrations(staging, existing, Direction::kUp);
  if (!status.ok()) return status;
  for (const std::string& seed : report->seed_files) {
    std::ifstream in(fs::path(options.repo_root) / seed, std::ios::binary);
    if (!in) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot read seed ", seed));
    }
    std::ostringstream text;
    text << in.rdbuf();
    status = staging.Exec(text.str());
    if (!status.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("seed ", seed,
                       " does not load on the schema before the new "
                       "migrations: ",
                       status.message()));
    }
  }
  absl::StatusOr<RowCounts> seeded = staging.RowCounts();
  if (!seeded.ok()) return seeded.status();
  for (const auto& [table, rows] : *seeded) {
    if (rows > 0) {
      ++report->seeded_tables;
      report->seeded_rows += rows;
    }
  }

  for (const Migration& migration : added) {
    status = ApplyMigration(staging, migration, Direction::kUp);
    if (status.ok())
      status = CheckRowsKept(staging, *seeded, migration, Direction::kUp);
    if (!status.ok()) return status;
  }
  for (auto it = added.rbegin(); it != added.rend(); ++it) {
    status = ApplyMigration(staging, *it, Direction::kDown);
    if (status.ok())
      status = CheckRowsKept(staging, *seeded, *it, Direction::kDown);
    if (!status.ok()) return status;
  }
  for (const Migration& migration : added) {
    status = ApplyMigration(staging, migration, Direction::kUp);
    if (status.ok())
      status = CheckRowsKept(staging, *seeded, migration, Direction::kUp);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace

std::string VerificationReport::Summary() const {
  std::string text = absl::StrCat(
      migration_count, migration_count == 1 ? " migration" : " migrations",
      " up→down→up on ", database, ": schema round-trips");
  if (new_migration_count > 0) {
    absl::StrAppend(&text, " (", new_migration_count,
                    " new, each reverted alone)");
  }
  if (seed_files.empty()) {
    absl::StrAppend(&text, "; seeds: none");
  } else {
    absl::StrAppend(&text, "; seeds: ", seeded_tables,
                    seeded_tables == 1 ? " table, " : " tables, ", seeded_rows,
                    seeded_rows == 1 ? " row kept" : " rows kept");
  }
  return text;
}

absl::StatusOr<VerificationReport> VerifyMigrations(
    const VerifierOptions& options) {
  absl::StatusOr<MigrationLayout> layout =
      FindMigrationLayout(options.repo_root);
  if (!layout.ok()) return layout.status();

  std::set<int64_t> new_numbers;
  for (const std::string& file : options.new_migration_files) {
    bool found = false;
    for (const Migration& migration : layout->migrations) {
      for (const std::string& own : migration.Files()) {
        if (own == file) {
          new_numbers.insert(migration.number);
          found = true;
        }
      }
    }
    if (!found) {
      return absl::InvalidArgumentError(absl::StrCat(
          file, " is not a migration in ", layout->directory, "/"));
    }
  }

  StagingTarget target;
  target.kind = options.staging_kind;
  target.url = options.staging_url;
  absl::StatusOr<SqlDialect> dialect = TargetDialect(target);
  if (!dialect.ok()) return dialect.status();

  VerificationReport report;
  report.database = std::string(DialectName(*dialect));
  report.migration_count = static_cast<int>(layout->migrations.size());
  report.new_migration_count = static_cast<int>(new_numbers.size());
  report.seed_files = FindSeedFiles(options.repo_root, layout->directory);

  absl::Status status =
      SchemaPass(options, layout->migrations, new_numbers, &report);
  if (!status.ok()) return status;
  if (!report.seed_files.empty()) {
    status = SeedPass(options, layout->migrations, new_numbers, &report);
    if (!status.ok()) return status;
  }
  return report;
}

}  // namespace baton::agents::data
