#include "agents/schema/loaded_schema.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace baton::agents::schema {

std::string SourceLocation::ToString() const {
  if (line <= 0) return file;
  return absl::StrCat(file, ":", line);
}

const SourceLocation* LoadedSchema::FindTableLocation(
    absl::string_view table) const {
  auto it = table_locations.find(absl::AsciiStrToLower(table));
  return it == table_locations.end() ? nullptr : &it->second;
}

const SourceLocation* LoadedSchema::FindColumnLocation(
    absl::string_view table, absl::string_view column) const {
  auto it = column_locations.find(
      absl::AsciiStrToLower(absl::StrCat(table, ".", column)));
  return it == column_locations.end() ? nullptr : &it->second;
}

std::string LoadedSchema::TableLocation(absl::string_view table) const {
  const SourceLocation* location = FindTableLocation(table);
  return location == nullptr ? std::string(table) : location->ToString();
}

std::string LoadedSchema::ColumnLocation(absl::string_view table,
                                         absl::string_view column) const {
  const SourceLocation* location = FindColumnLocation(table, column);
  return location == nullptr ? absl::StrCat(table, ".", column)
                             : location->ToString();
}

std::vector<const ForeignKey*> LoadedSchema::ForeignKeysOf(
    absl::string_view table) const {
  std::vector<const ForeignKey*> keys;
  for (const ForeignKey& key : foreign_keys) {
    if (absl::EqualsIgnoreCase(key.table, table)) keys.push_back(&key);
  }
  return keys;
}

}  // namespace baton::agents::schema
