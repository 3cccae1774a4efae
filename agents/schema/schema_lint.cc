#include "agents/schema/schema_lint.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "agents/schema/naming.h"

namespace baton::agents::schema {
namespace {

using ::baton::handoff::Finding;

constexpr absl::string_view kMissingPrimaryKey = "missing-primary-key";
constexpr absl::string_view kMissingForeignKey = "missing-foreign-key";
constexpr absl::string_view kGodTable = "god-table";
constexpr absl::string_view kEavTable = "eav-table";
constexpr absl::string_view kTextForEverything = "text-for-everything";
constexpr absl::string_view kTextTypedValue = "text-typed-value";
constexpr absl::string_view kMissingAuditColumns = "missing-audit-columns";
constexpr absl::string_view kNullableRequired = "nullable-required-field";
constexpr absl::string_view kTooManyIndexes = "too-many-indexes";
constexpr absl::string_view kUnindexedForeignKey = "unindexed-foreign-key";

std::string Lower(absl::string_view text) { return absl::AsciiStrToLower(text); }

std::vector<std::string> Words(absl::string_view name) {
  return absl::StrSplit(ToSnakeCase(name), '_', absl::SkipEmpty());
}

bool HasWord(const std::vector<std::string>& words,
             std::initializer_list<absl::string_view> any) {
  for (const std::string& word : words) {
    for (absl::string_view candidate : any) {
      if (word == candidate) return true;
    }
  }
  return false;
}

bool OneOf(absl::string_view name, std::initializer_list<absl::string_view> any) {
  for (absl::string_view candidate : any) {
    if (name == candidate) return true;
  }
  return false;
}

bool IsCreatedColumn(absl::string_view name) {
  return OneOf(ToSnakeCase(name),
               {"created_at", "created_on", "inserted_at", "creation_date",
                "date_created", "created"});
}

bool IsUpdatedColumn(absl::string_view name) {
  return OneOf(ToSnakeCase(name),
               {"updated_at", "updated_on", "modified_at", "last_modified",
                "last_modified_at", "date_modified", "updated"});
}

int PrimaryKeySize(const data::TableInfo& table) {
  int size = 0;
  for (const data::ColumnInfo& column : table.columns) {
    if (column.primary_key_position > 0) ++size;
  }
  return size;
}

// PK columns in key order.
std::vector<std::string> PrimaryKeyColumns(const data::TableInfo& table) {
  std::vector<std::pair<int, std::string>> ordered;
  for (const data::ColumnInfo& column : table.columns) {
    if (column.primary_key_position > 0) {
      ordered.emplace_back(column.primary_key_position, Lower(column.name));
    }
  }
  std::sort(ordered.begin(), ordered.end());
  std::vector<std::string> names;
  for (auto& [position, name] : ordered) names.push_back(std::move(name));
  return names;
}

// True when some index (or the primary key) starts with exactly `columns`,
// in any order.
bool IsIndexedBy(const data::TableInfo& table,
                 const std::vector<std::string>& columns) {
  std::set<std::string> wanted;
  for (const std::string& column : columns) wanted.insert(Lower(column));
  auto starts_with = [&](const std::vector<std::string>& index) {
    if (index.size() < wanted.size()) return false;
    std::set<std::string> head;
    for (size_t i = 0; i < wanted.size(); ++i) head.insert(Lower(index[i]));
    return head == wanted;
  };
  if (starts_with(PrimaryKeyColumns(table))) return true;
  for (const data::IndexInfo& index : table.indexes) {
    if (!index.partial && starts_with(index.columns)) return true;
  }
  return false;
}

const data::ColumnInfo* SinglePrimaryKey(const data::TableInfo& table) {
  if (PrimaryKeySize(table) != 1) return nullptr;
  for (const data::ColumnInfo& column : table.columns) {
    if (column.primary_key_position == 1) return &column;
  }
  return nullptr;
}

bool IsForeignKeyColumn(const LoadedSchema& schema, const data::TableInfo& table,
                        absl::string_view column) {
  for (const ForeignKey* key : schema.ForeignKeysOf(table.name)) {
    for (const std::string& name : key->columns) {
      if (absl::EqualsIgnoreCase(name, column)) return true;
    }
  }
  return false;
}

// A table whose primary key is two or more references (user_roles).
bool IsLinkTable(const LoadedSchema& schema, const data::TableInfo& table) {
  std::vector<std::string> key = PrimaryKeyColumns(table);
  if (key.size() < 2) return false;
  for (const std::string& column : key) {
    if (!IsForeignKeyColumn(schema, table, column) &&
        !absl::EndsWith(column, "_id")) {
      return false;
    }
  }
  return true;
}

class TableLinter {
 public:
  TableLinter(const LoadedSchema& schema, const data::TableInfo& table,
              const LintOptions& options, std::vector<Finding>* out)
      : schema_(schema), table_(table), options_(options), out_(out) {}

  void Run() {
    MissingPrimaryKey();
    MissingForeignKeys();
    GodTable();
    EavTable();
    TextTypes();
    MissingAuditColumns();
    NullableRequiredFields();
    TooManyIndexes();
    UnindexedForeignKeys();
  }

 private:
  void Add(absl::string_view rule, Finding::Severity severity,
           std::string location, std::string message, std::string fix) {
    Finding finding;
    finding.set_rule(std::string(rule));
    finding.set_severity(severity);
    finding.set_location(std::move(location));
    finding.set_message(std::move(message));
    finding.set_fix(std::move(fix));
    finding.set_agent(options_.agent);
    out_->push_back(std::move(finding));
  }

  std::string TableLocation() const { return schema_.TableLocation(table_.name); }
  std::string ColumnLocation(absl::string_view column) const {
    return schema_.ColumnLocation(table_.name, column);
  }
  std::string Qualified(absl::string_view column) const {
    return absl::StrCat(table_.name, ".", column);
  }

  void MissingPrimaryKey() {
    if (PrimaryKeySize(table_) > 0) return;
    Add(kMissingPrimaryKey, Finding::ERROR, TableLocation(),
        absl::StrCat("table ", table_.name, " has no primary key"),
        "Give every table a primary key (Schema Design Standards): add "
        "`id INTEGER PRIMARY KEY`, or PRIMARY KEY (...) over its natural key.");
  }

  void MissingForeignKeys() {
    for (const data::ColumnInfo& column : table_.columns) {
      if (IsForeignKeyColumn(schema_, table_, column.name)) continue;
      const std::string parent =
          ReferencedTable(schema_.snapshot, table_.name, column.name);
      if (parent.empty()) continue;
      const data::TableInfo* parent_table = schema_.snapshot.FindTable(parent);
      const data::ColumnInfo* parent_key =
          parent_table == nullptr ? nullptr : SinglePrimaryKey(*parent_table);
      const std::string parent_column =
          parent_key == nullptr ? "id" : parent_key->name;
      Add(kMissingForeignKey, Finding::ERROR, ColumnLocation(column.name),
          absl::StrCat(Qualified(column.name), " refers to ", parent,
                       " by name but has no foreign key, so nothing keeps "
                       "referential integrity"),
          absl::StrCat("Declare it in a new migration: ", column.name, " ",
                       column.type.empty() ? "INTEGER" : column.type,
                       " REFERENCES ", parent, " (", parent_column,
                       ") (PostgreSQL: ALTER TABLE ", table_.name,
                       " ADD CONSTRAINT fk_", table_.name, "_", column.name,
                       " FOREIGN KEY (", column.name, ") REFERENCES ", parent,
                       " (", parent_column,
                       ") NOT VALID, then VALIDATE CONSTRAINT), and index it."));
    }
  }

  void GodTable() {
    const int count = static_cast<int>(table_.columns.size());
    if (count < options_.god_table_columns) return;
    Add(kGodTable, Finding::WARNING, TableLocation(),
        absl::StrCat("table ", table_.name, " has ", count, " columns (",
                     options_.god_table_columns,
                     " or more makes a god table)"),
        "Split it by concern into narrower tables that share its key (1:1) "
        "or reference it (1:n); normalize to 3NF for OLTP.");
  }

  static bool IsValueName(const std::string& name) {
    return name == "value" || name == "val" || absl::StartsWith(name, "value_") ||
           absl::EndsWith(name, "_value");
  }
  static bool IsAttributeName(const std::string& name) {
    return OneOf(name, {"attribute", "attribute_name", "attribute_id", "attr",
                        "attr_name", "key", "meta_key", "property",
                        "property_name", "property_id", "field", "field_name",
                        "field_id", "name", "setting", "setting_name"});
  }
  static bool IsEntityName(const std::string& name) {
    return OneOf(name, {"entity", "entity_id", "entity_type", "object_id",
                        "record_id", "owner_id", "subject_id", "target_id",
                        "resource_id"}) ||
           (absl::EndsWith(name, "_id") && !IsAttributeName(name));
  }

  void EavTable() {
    std::string entity, attribute, value;
    int others = 0;
    for (const data::ColumnInfo& column : table_.columns) {
      const std::string name = ToSnakeCase(column.name);
      if (column.primary_key_position > 0 && name == "id") continue;
      if (IsCreatedColumn(name) || IsUpdatedColumn(name) ||
          name == "deleted_at" || absl::EndsWith(name, "_type")) {
        continue;
      }
      if (value.empty() && IsValueName(name)) {
        value = column.name;
      } else if (attribute.empty() && IsAttributeName(name)) {
        attribute = column.name;
      } else if (entity.empty() && IsEntityName(name)) {
        entity = column.name;
      } else {
        ++others;
      }
    }
    if (entity.empty() || attribute.empty() || value.empty() || others > 2) {
      return;
    }
    Add(kEavTable, Finding::WARNING, TableLocation(),
        absl::StrCat("table ", table_.name,
                     " stores data as entity-attribute-value rows (", entity,
                     ", ", attribute, ", ", value,
                     "): no types, no constraints, and every read is a pivot"),
        "Model the attributes as typed columns of the entity's table (or of "
        "a 1:1 side table); keep truly free-form data in one JSON column.");
  }

  // What a column's name says it holds when that is not text, and the type
  // it should have; empty when the name says nothing.
  std::pair<std::string, std::string> ExpectedNonText(
      const data::ColumnInfo& column) const {
    const std::string name = ToSnakeCase(column.name);
    const std::vector<std::string> words = Words(name);
    if (HasWord(words, {"uuid", "guid", "currency", "unit", "type", "status",
                        "text", "description", "note", "notes", "label",
                        "name", "format", "code", "method", "mode", "zone",
                        "timezone", "tz", "by", "hash", "token", "url"})) {
      return {};
    }
    if (absl::EndsWith(name, "_at") || absl::EndsWith(name, "_date") ||
        absl::EndsWith(name, "_time") || absl::EndsWith(name, "_timestamp") ||
        OneOf(name, {"date", "time", "timestamp", "dob", "birthday",
                     "birthdate", "date_of_birth"})) {
      return {"a date or time", "TIMESTAMP (or DATE)"};
    }
    if (HasWord(words, {"count", "quantity", "qty", "age"})) {
      return {"a count", "INTEGER"};
    }
    if (HasWord(words, {"price", "amount", "total", "cost", "balance", "fee",
                        "salary", "subtotal"})) {
      return {"an amount of money", "DECIMAL(10,2)"};
    }
    if (absl::StartsWith(name, "is_") || absl::StartsWith(name, "has_") ||
        absl::StartsWith(name, "can_")) {
      return {"a flag", "BOOLEAN"};
    }
    if (absl::EndsWith(name, "_id") || name == "id") {
      const std::string parent =
          name == "id" ? ""
                       : ReferencedTable(schema_.snapshot, table_.name, name);
      const data::TableInfo* parent_table =
          parent.empty() ? nullptr : schema_.snapshot.FindTable(parent);
      const data::ColumnInfo* key =
          parent_table == nullptr ? nullptr : SinglePrimaryKey(*parent_table);
      if (key != nullptr && absl::StrContains(key->type, "INT")) {
        return {absl::StrCat("a reference to ", parent, ".", key->name), "INTEGER"};
      }
    }
    return {};
  }

  void TextTypes() {
    const int total = static_cast<int>(table_.columns.size());
    int textual = 0;
    std::vector<std::string> misfits;
    std::vector<std::pair<const data::ColumnInfo*,
                          std::pair<std::string, std::string>>>
        typed_values;
    for (const data::ColumnInfo& column : table_.columns) {
      if (!IsTextualType(column.type)) continue;
      ++textual;
      auto expected = ExpectedNonText(column);
      const bool id_like = ToSnakeCase(column.name) == "id";
      if (!expected.first.empty() || id_like) misfits.push_back(column.name);
      if (!expected.first.empty()) typed_values.push_back({&column, expected});
    }
    if (total >= 4 && textual * 5 >= total * 4) {
      std::string message = absl::StrCat(
          textual, " of ", total, " columns of ", table_.name,
          " are VARCHAR/TEXT");
      if (!misfits.empty()) {
        absl::StrAppend(&message, ", including ", absl::StrJoin(misfits, ", "));
      }
      Add(kTextForEverything, Finding::WARNING, TableLocation(),
          std::move(message),
          "Use appropriate types (card: avoid TEXT for everything): INTEGER "
          "for ids and counts, DECIMAL(10,2) for money, TIMESTAMP for times, "
          "BOOLEAN for flags; keep VARCHAR(n) for real text.");
      return;
    }
    for (const auto& [column, expected] : typed_values) {
      Add(kTextTypedValue, Finding::WARNING, ColumnLocation(column->name),
          absl::StrCat(Qualified(column->name), " holds ", expected.first,
                       " but is declared ", column->type),
          absl::StrCat("Declare it ", expected.second,
                       " so the database validates, sorts and compares it "
                       "correctly (migrate with a new column, backfill, "
                       "switch reads, drop the old one)."));
    }
  }

  void MissingAuditColumns() {
    bool created = false, updated = false;
    for (const data::ColumnInfo& column : table_.columns) {
      created = created || IsCreatedColumn(column.name);
      updated = updated || IsUpdatedColumn(column.name);
    }
    if (IsLinkTable(schema_, table_)) updated = true;  // Rows never change.
    std::vector<std::string> missing;
    if (!created) missing.push_back("created_at");
    if (!updated) missing.push_back("updated_at");
    if (missing.empty()) return;
    Add(kMissingAuditColumns, Finding::WARNING, TableLocation(),
        absl::StrCat("table ", table_.name, " has no ",
                     absl::StrJoin(missing, " or "), " column"),
        absl::StrCat("Add the card's audit columns: ",
                     absl::StrJoin(missing, " and "),
                     " TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP (on "
                     "SQLite add them nullable, backfill, then rebuild)."));
  }

  void NullableRequiredFields() {
    const std::vector<std::string> table_words = Words(table_.name);
    const std::string entity =
        table_words.empty() ? "" : SingularizeWord(table_words.back());
    const bool person_table =
        OneOf(entity, {"user", "customer", "account", "member", "employee",
                       "person", "contact", "student", "author", "admin",
                       "patient", "client", "subscriber"});
    std::set<std::string> unique_columns;
    for (const data::IndexInfo& index : table_.indexes) {
      if (index.unique && index.columns.size() == 1) {
        unique_columns.insert(Lower(index.columns[0]));
      }
    }
    const bool composite_key = PrimaryKeySize(table_) > 1;
    for (const data::ColumnInfo& column : table_.columns) {
      if (column.not_null) continue;
      const std::string name = ToSnakeCase(column.name);
      std::string why;
      if (IsCreatedColumn(name) || IsUpdatedColumn(name)) {
        why = "an audit column is always set";
      } else if (composite_key && column.primary_key_position > 0) {
        why = "it is part of the composite primary key (SQLite lets NULL in)";
      } else if (OneOf(name, {"email", "username", "sku", "slug", "handle"}) &&
                 (unique_columns.count(Lower(column.name)) > 0 ||
                  (person_table && OneOf(name, {"email", "username"})))) {
        why = unique_columns.count(Lower(column.name)) > 0
                  ? "it is a unique key, and NULLs escape the uniqueness check"
                  : absl::StrCat("every ", entity, " needs one");
      }
      if (why.empty()) continue;
      Add(kNullableRequired, Finding::WARNING, ColumnLocation(column.name),
          absl::StrCat(Qualified(column.name), " allows NULL, but ", why),
          absl::StrCat("Declare ", column.name,
                       " NOT NULL (card: no NULL in required fields); on a "
                       "live table backfill first, then add the constraint "
                       "in a later migration."));
    }
  }

  void TooManyIndexes() {
    int count = 0;
    for (const data::IndexInfo& index : table_.indexes) {
      if (index.origin != "pk") ++count;
    }
    const int columns = static_cast<int>(table_.columns.size());
    const bool too_many = count > options_.max_indexes ||
                          (count >= 3 && count * 2 > columns);
    if (!too_many) return;
    Add(kTooManyIndexes, Finding::WARNING, TableLocation(),
        absl::StrCat("table ", table_.name, " has ", count,
                     " indexes besides its primary key for ", columns,
                     " columns; each one slows every INSERT, UPDATE and "
                     "DELETE"),
        absl::StrCat("Keep the indexes queries use (check with EXPLAIN) and "
                     "drop the rest; aim for at most ", options_.max_indexes,
                     " on write-heavy tables."));
  }

  void UnindexedForeignKeys() {
    for (const ForeignKey* key : schema_.ForeignKeysOf(table_.name)) {
      if (key->columns.empty() || IsIndexedBy(table_, key->columns)) continue;
      const std::string columns = absl::StrJoin(key->columns, ", ");
      Add(kUnindexedForeignKey, Finding::WARNING,
          ColumnLocation(key->columns.front()),
          absl::StrCat(table_.name, " (", columns, ") references ", key->parent,
                       " but no index starts with ",
                       key->columns.size() == 1 ? "it" : "them",
                       ": joins and ON DELETE checks scan the table"),
          absl::StrCat("CREATE INDEX IF NOT EXISTS idx_", table_.name, "_",
                       absl::StrJoin(key->columns, "_"), " ON ", table_.name,
                       " (", columns, ");"));
    }
  }

  const LoadedSchema& schema_;
  const data::TableInfo& table_;
  const LintOptions& options_;
  std::vector<Finding>* out_;
};

}  // namespace

const std::vector<LintRule>& LintRules() {
  static const std::vector<LintRule>* const rules = new std::vector<LintRule>{
      {kMissingPrimaryKey, Finding::ERROR, "a table without a primary key"},
      {kMissingForeignKey, Finding::ERROR,
       "a *_id column naming another table without a foreign key"},
      {kGodTable, Finding::WARNING, "50 or more columns"},
      {kEavTable, Finding::WARNING, "entity / attribute / value rows"},
      {kTextForEverything, Finding::WARNING,
       "most columns of a table are VARCHAR/TEXT"},
      {kTextTypedValue, Finding::WARNING,
       "a time, amount, flag or integer reference declared as text"},
      {kMissingAuditColumns, Finding::WARNING, "no created_at / updated_at"},
      {kNullableRequired, Finding::WARNING,
       "NULL allowed in a column that is always required"},
      {kTooManyIndexes, Finding::WARNING, "indexes that slow writes"},
      {kUnindexedForeignKey, Finding::WARNING,
       "a foreign key no index starts with"},
  };
  return *rules;
}

bool IsTextualType(absl::string_view type) {
  const std::string upper = absl::AsciiStrToUpper(type);
  return absl::StrContains(upper, "CHAR") || absl::StrContains(upper, "TEXT") ||
         absl::StrContains(upper, "CLOB") || absl::StrContains(upper, "STRING");
}

std::string ReferencedTable(const data::SchemaSnapshot& schema,
                            absl::string_view table, absl::string_view column) {
  for (const std::string& candidate : ReferencedTableCandidates(column)) {
    if (absl::EqualsIgnoreCase(candidate, table)) continue;
    const data::TableInfo* found = schema.FindTable(candidate);
    if (found != nullptr) return found->name;
  }
  return "";
}

std::vector<Finding> LintSchema(const LoadedSchema& schema,
                                const LintOptions& options) {
  std::set<std::string> only;
  for (const std::string& table : options.tables) only.insert(Lower(table));
  std::vector<Finding> findings;
  for (const data::TableInfo& table : schema.snapshot.tables) {
    if (!only.empty() && only.count(Lower(table.name)) == 0) continue;
    TableLinter(schema, table, options, &findings).Run();
  }
  return findings;
}

int CountAtLeast(const std::vector<Finding>& findings,
                 Finding::Severity severity) {
  return static_cast<int>(std::count_if(
      findings.begin(), findings.end(),
      [severity](const Finding& f) { return f.severity() >= severity; }));
}

}  // namespace baton::agents::schema
