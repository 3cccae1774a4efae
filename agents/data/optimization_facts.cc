#include "agents/data/optimization_facts.h"

#include <filesystem>
#include <fstream>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "re2/re2.h"

namespace baton::agents::data {

std::string EncodeRows(const std::map<std::string, int64_t>& rows) {
  std::vector<std::string> parts;
  for (const auto& [table, count] : rows) parts.push_back(absl::StrCat(table, "=", count));
  return absl::StrJoin(parts, ",");
}

absl::StatusOr<std::map<std::string, int64_t>> DecodeRows(absl::string_view text) {
  std::map<std::string, int64_t> rows;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    std::vector<std::string> pieces = absl::StrSplit(part, '=');
    int64_t count = 0;
    if (pieces.size() != 2 || pieces[0].empty() || !absl::SimpleAtoi(pieces[1], &count)) {
      return absl::InvalidArgumentError(
          absl::StrCat("not a row plan (table=N,...): \"", text, "\""));
    }
    rows[std::string(absl::StripAsciiWhitespace(pieces[0]))] = count;
  }
  return rows;
}

std::string EncodeIndexes(const std::vector<IndexSuggestion>& indexes) {
  std::vector<std::string> parts;
  for (const IndexSuggestion& index : indexes) parts.push_back(index.Key());
  return absl::StrJoin(parts, ";");
}

absl::StatusOr<std::vector<IndexSuggestion>> DecodeIndexes(absl::string_view text) {
  static const RE2 kIndex(R"(\s*([A-Za-z0-9_."]+)\s*\(([^)]*)\)\s*)");
  std::vector<IndexSuggestion> indexes;
  for (absl::string_view part : absl::StrSplit(text, ';', absl::SkipWhitespace())) {
    IndexSuggestion index;
    std::string columns;
    if (!RE2::FullMatch(std::string(part), kIndex, &index.table, &columns)) {
      return absl::InvalidArgumentError(
          absl::StrCat("not an index list (table(col, ...);...): \"", text, "\""));
    }
    for (absl::string_view column : absl::StrSplit(columns, ',', absl::SkipWhitespace())) {
      index.columns.push_back(std::string(absl::StripAsciiWhitespace(column)));
    }
    if (index.columns.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("index without columns: \"", part, "\""));
    }
    indexes.push_back(std::move(index));
  }
  return indexes;
}

std::string ReportDirectory(absl::string_view run_id) {
  std::string safe;
  for (char c : run_id) {
    safe.push_back(absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'
                       ? c
                       : '_');
  }
  return absl::StrCat(".baton/reports/", safe.empty() ? "adhoc" : safe);
}

absl::StatusOr<std::string> WriteReport(const std::string& workspace,
                                        absl::string_view run_id,
                                        absl::string_view name,
                                        absl::string_view text) {
  namespace fs = std::filesystem;
  const std::string relative = absl::StrCat(ReportDirectory(run_id), "/", name);
  const fs::path path = fs::path(workspace) / relative;
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path.string()));
  return relative;
}

}  // namespace baton::agents::data
