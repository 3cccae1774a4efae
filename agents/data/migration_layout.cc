#include "agents/data/migration_layout.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "re2/re2.h"

namespace baton::agents::data {
namespace {

namespace fs = std::filesystem;

enum class Marker { kNone, kUp, kDown };

// Recognises a section marker line and reports which convention it belongs to.
Marker ParseMarker(absl::string_view line, MigrationConvention* convention) {
  static const RE2 kSection(
      R"((?i)^\s*--\s*(up|down)(?:\s+migrations?)?\s*:?\s*$)");
  static const RE2 kDbmate(R"((?i)^\s*--\s*migrate:(up|down)(?:\s.*)?$)");
  std::string direction;
  const re2::StringPiece text(line.data(), line.size());
  if (RE2::FullMatch(text, kDbmate, &direction)) {
    *convention = MigrationConvention::kDbmate;
  } else if (RE2::FullMatch(text, kSection, &direction)) {
    *convention = MigrationConvention::kUpDownSections;
  } else {
    return Marker::kNone;
  }
  return absl::AsciiStrToLower(direction) == "up" ? Marker::kUp : Marker::kDown;
}

// True when `sql` holds something besides blank lines and `--` comments.
bool HasStatements(absl::string_view sql) {
  for (absl::string_view line : absl::StrSplit(sql, '\n')) {
    absl::string_view stripped = absl::StripAsciiWhitespace(line);
    if (!stripped.empty() && !absl::StartsWith(stripped, "--")) return true;
  }
  return false;
}

absl::StatusOr<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot read ", path.string()));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::Status WriteNewFile(const fs::path& path, absl::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) {
    return absl::InternalError(absl::StrCat("cannot write ", path.string()));
  }
  return absl::OkStatus();
}

std::string IrreversibleMessage(absl::string_view file, absl::string_view why) {
  return absl::StrCat(file, ": ", why,
                      ": the migration is irreversible (the card's Migration "
                      "Standards require a rollback script)");
}

// The pieces of a migration file name: version, name, and ".up"/".down"/"".
struct FileName {
  std::string version;
  std::string name;
  std::string direction;
};

std::optional<FileName> ParseFileName(const std::string& file) {
  static const RE2 kPattern(R"(^(\d+)_([A-Za-z0-9_\-]+?)(\.up|\.down)?\.sql$)");
  FileName parsed;
  if (!RE2::FullMatch(file, kPattern, &parsed.version, &parsed.name,
                      &parsed.direction)) {
    return std::nullopt;
  }
  return parsed;
}

// `header` as `-- ` comment lines wrapped at 80 columns. Embedded newlines
// start new comment lines, so no header text can become SQL.
std::string Comments(const std::vector<std::string>& header) {
  constexpr size_t kWidth = 77;  // 80 minus "-- ".
  std::string text;
  for (const std::string& paragraph : header) {
    for (absl::string_view line : absl::StrSplit(paragraph, '\n')) {
      std::string current;
      for (absl::string_view word :
           absl::StrSplit(line, ' ', absl::SkipEmpty())) {
        if (!current.empty() && current.size() + 1 + word.size() > kWidth) {
          absl::StrAppend(&text, "-- ", current, "\n");
          current.clear();
        }
        absl::StrAppend(&current, current.empty() ? "" : " ", word);
      }
      absl::StrAppend(
          &text, current.empty() ? "--" : absl::StrCat("-- ", current), "\n");
    }
  }
  return text;
}

std::string WithNewline(absl::string_view sql) {
  std::string text(absl::StripTrailingAsciiWhitespace(sql));
  text.push_back('\n');
  return text;
}

}  // namespace

absl::string_view ConventionName(MigrationConvention convention) {
  switch (convention) {
    case MigrationConvention::kUpDownSections:
      return "up/down sections";
    case MigrationConvention::kDbmate:
      return "dbmate";
    case MigrationConvention::kUpDownFiles:
      return "up/down files";
  }
  return "unknown";
}

std::vector<std::string> Migration::Files() const {
  std::vector<std::string> files = {up_file};
  if (down_file != up_file) files.push_back(down_file);
  return files;
}

std::string MigrationLayout::NextVersion(absl::Time now) const {
  if (migrations.empty()) return "001";
  const Migration& newest = migrations.back();
  int64_t next = newest.number + 1;
  if (newest.version.size() == 14) {
    std::string stamp =
        absl::FormatTime("%Y%m%d%H%M%S", now, absl::UTCTimeZone());
    int64_t now_number = 0;
    if (absl::SimpleAtoi(stamp, &now_number)) next = std::max(next, now_number);
  }
  std::string digits = absl::StrCat(next);
  if (digits.size() < newest.version.size()) {
    digits.insert(0, newest.version.size() - digits.size(), '0');
  }
  return digits;
}

absl::StatusOr<MigrationSql> SplitMigrationText(
    absl::string_view text, absl::string_view file_name,
    MigrationConvention* convention) {
  MigrationConvention found = MigrationConvention::kUpDownSections;
  std::optional<std::string> up;
  std::optional<std::string> down;
  std::string preamble;
  std::string* current = &preamble;
  int line_number = 0;
  // Each line is appended with its newline; a final newline ends the last
  // line rather than starting an empty one.
  absl::ConsumeSuffix(&text, "\n");
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    MigrationConvention line_convention;
    Marker marker = ParseMarker(line, &line_convention);
    if (marker == Marker::kNone) {
      absl::StrAppend(current, line, "\n");
      continue;
    }
    std::optional<std::string>& section = marker == Marker::kUp ? up : down;
    if (section.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat(file_name, ":", line_number, ": a second ",
                       marker == Marker::kUp ? "up" : "down", " marker \"",
                       absl::StripAsciiWhitespace(line), "\""));
    }
    found = line_convention;
    section.emplace();
    current = &*section;
  }
  if (!up.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat(file_name,
                     " has no up section: expected a \"-- Up migration\" or "
                     "\"-- migrate:up\" line"));
  }
  if (HasStatements(preamble)) {
    return absl::InvalidArgumentError(
        absl::StrCat(file_name, " has SQL before its first up/down marker"));
  }
  if (!down.has_value()) {
    return absl::FailedPreconditionError(IrreversibleMessage(
        file_name,
        "no down section (\"-- Down migration\" or \"-- migrate:down\")"));
  }
  if (!HasStatements(*down) && HasStatements(*up)) {
    return absl::FailedPreconditionError(
        IrreversibleMessage(file_name, "the down section is empty"));
  }
  if (convention != nullptr) *convention = found;
  return MigrationSql{*std::move(up), *std::move(down)};
}

absl::StatusOr<MigrationLayout> FindMigrationLayout(
    const std::string& repo_root) {
  MigrationLayout layout;
  std::error_code error;
  for (absl::string_view candidate : kMigrationDirectories) {
    if (fs::is_directory(fs::path(repo_root) / std::string(candidate), error)) {
      layout.directory = std::string(candidate);
      break;
    }
  }
  if (layout.directory.empty()) {
    std::vector<std::string> looked;
    for (absl::string_view candidate : kMigrationDirectories) {
      looked.push_back(absl::StrCat(candidate, "/"));
    }
    return absl::NotFoundError(absl::StrCat(
        "no migrations directory in ", repo_root, " (looked for ",
        absl::StrJoin(looked, ", "),
        "); the data card's layout keeps migrations in database/migrations/"));
  }

  const fs::path directory = fs::path(repo_root) / layout.directory;
  std::vector<std::string> files;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(directory, error)) {
    if (!entry.is_regular_file(error)) continue;
    std::string file = entry.path().filename().string();
    if (absl::StartsWith(file, ".") || !absl::EndsWith(file, ".sql")) continue;
    files.push_back(file);
  }
  if (error) {
    return absl::InternalError(absl::StrCat("cannot list ", directory.string(),
                                            ": ", error.message()));
  }
  std::sort(files.begin(), files.end());

  // Version number -> migration, with split files joined.
  std::map<int64_t, Migration> by_number;
  std::map<int64_t, std::string> first_file;
  for (const std::string& file : files) {
    const std::string relative = absl::StrCat(layout.directory, "/", file);
    std::optional<FileName> parsed = ParseFileName(file);
    if (!parsed.has_value()) {
      return absl::InvalidArgumentError(absl::StrCat(
          relative,
          ": a migration's name must start with a version number, as in "
          "001_create_users_table.sql"));
    }
    int64_t number = 0;
    if (!absl::SimpleAtoi(parsed->version, &number)) {
      return absl::InvalidArgumentError(absl::StrCat(
          relative, ": version ", parsed->version, " is too long"));
    }
    auto [it, inserted] = by_number.try_emplace(number);
    Migration& migration = it->second;
    if (!inserted) {
      bool pair = !parsed->direction.empty() &&
                  migration.name == parsed->name &&
                  migration.version == parsed->version &&
                  migration.convention == MigrationConvention::kUpDownFiles;
      if (!pair) {
        return absl::InvalidArgumentError(
            absl::StrCat("two migrations share version ", parsed->version, ": ",
                         first_file[number], " and ", relative));
      }
    } else {
      first_file[number] = relative;
      migration.version = parsed->version;
      migration.number = number;
      migration.name = parsed->name;
    }
    if (parsed->direction.empty()) {
      absl::StatusOr<std::string> text = ReadFile(directory / file);
      if (!text.ok()) return text.status();
      absl::StatusOr<MigrationSql> sql =
          SplitMigrationText(*text, relative, &migration.convention);
      if (!sql.ok()) return sql.status();
      migration.sql = *std::move(sql);
      migration.up_file = relative;
      migration.down_file = relative;
    } else {
      migration.convention = MigrationConvention::kUpDownFiles;
      absl::StatusOr<std::string> text = ReadFile(directory / file);
      if (!text.ok()) return text.status();
      if (parsed->direction == ".up") {
        migration.up_file = relative;
        migration.sql.up = *std::move(text);
      } else {
        migration.down_file = relative;
        migration.sql.down = *std::move(text);
      }
    }
  }

  for (auto& [number, migration] : by_number) {
    if (migration.convention == MigrationConvention::kUpDownFiles) {
      if (migration.up_file.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat(migration.down_file, " has no matching .up.sql file"));
      }
      if (migration.down_file.empty()) {
        return absl::FailedPreconditionError(IrreversibleMessage(
            migration.up_file,
            absl::StrCat("no ", migration.version, "_", migration.name,
                         ".down.sql beside it")));
      }
      if (!HasStatements(migration.sql.down) &&
          HasStatements(migration.sql.up)) {
        return absl::FailedPreconditionError(
            IrreversibleMessage(migration.down_file, "the down file is empty"));
      }
    }
    layout.migrations.push_back(std::move(migration));
  }
  if (!layout.migrations.empty()) {
    layout.convention = layout.migrations.back().convention;
  }
  return layout;
}

absl::StatusOr<std::vector<std::string>> WriteMigration(
    const std::string& repo_root, const MigrationLayout& layout,
    const NewMigration& migration, absl::Time now) {
  static const RE2 kSnakeCase(R"([a-z0-9]+(_[a-z0-9]+)*)");
  if (!RE2::FullMatch(migration.name, kSnakeCase)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "migration name \"", migration.name, "\" is not snake_case"));
  }
  const std::string stem = absl::StrCat(
      layout.directory, "/", layout.NextVersion(now), "_", migration.name);
  const std::string header = Comments(migration.header);
  // Repository-relative path -> contents.
  std::vector<std::pair<std::string, std::string>> outputs;
  switch (layout.convention) {
    case MigrationConvention::kUpDownSections:
      outputs.emplace_back(
          absl::StrCat(stem, ".sql"),
          absl::StrCat(header, header.empty() ? "" : "\n", "-- Up migration\n",
                       WithNewline(migration.sql.up), "\n-- Down migration\n",
                       WithNewline(migration.sql.down)));
      break;
    case MigrationConvention::kDbmate:
      outputs.emplace_back(
          absl::StrCat(stem, ".sql"),
          absl::StrCat(
              migration.outside_transaction ? "-- migrate:up transaction:false\n"
                                            : "-- migrate:up\n",
              header, WithNewline(migration.sql.up),
              migration.outside_transaction ? "\n-- migrate:down transaction:false\n"
                                            : "\n-- migrate:down\n",
              WithNewline(migration.sql.down)));
      break;
    case MigrationConvention::kUpDownFiles:
      outputs.emplace_back(absl::StrCat(stem, ".up.sql"),
                           absl::StrCat(header, WithNewline(migration.sql.up)));
      outputs.emplace_back(
          absl::StrCat(stem, ".down.sql"),
          absl::StrCat(header, WithNewline(migration.sql.down)));
      break;
  }
  std::error_code error;
  for (const auto& [relative, text] : outputs) {
    if (fs::exists(fs::path(repo_root) / relative, error)) {
      return absl::AlreadyExistsError(
          absl::StrCat(relative, " already exists; not overwriting it"));
    }
  }
  std::vector<std::string> written;
  for (const auto& [relative, text] : outputs) {
    absl::Status status = WriteNewFile(fs::path(repo_root) / relative, text);
    if (!status.ok()) return status;
    written.push_back(relative);
  }
  return written;
}

}  // namespace baton::agents::data
