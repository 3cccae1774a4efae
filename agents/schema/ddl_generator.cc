#include "agents/schema/ddl_generator.h"

#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agents/schema/entity_catalog.h"
#include "agents/schema/spec_document.h"

namespace baton::agents::schema {
namespace {

using ::baton::schema::DesignSpec;
using ::baton::schema::SpecAttribute;
using ::baton::schema::SpecEntity;
using ::baton::schema::SpecIndex;
using ::baton::schema::SpecRelationship;

std::string Lower(absl::string_view text) { return absl::AsciiStrToLower(text); }

constexpr char kAuditCreated[] =
    "created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP";
constexpr char kAuditUpdated[] =
    "updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP";

class TableWriter {
 public:
  TableWriter(const DesignSpec& spec, const DesignContext& context,
              const std::map<std::string, const SpecEntity*>& entities,
              const SpecEntity& entity)
      : spec_(spec), context_(context), entities_(entities), entity_(entity) {}

  absl::StatusOr<TableDdl> Write() {
    const std::string& table = entity_.table();
    std::vector<const SpecRelationship*> references;
    for (const SpecRelationship& relationship : spec_.relationships()) {
      if (Lower(relationship.child()) == Lower(table) && !relationship.pending()) {
        references.push_back(&relationship);
      }
    }
    std::set<std::string> taken = {"id", "created_at", "updated_at", "deleted_at"};
    // The key.
    std::vector<std::string> link_key;
    if (entity_.link_table()) {
      for (const SpecRelationship* reference : references) {
        link_key.push_back(reference->column());
      }
    } else {
      AddKeyColumn();
    }
    // References.
    for (const SpecRelationship* reference : references) {
      absl::StatusOr<std::string> type = ParentKeyType(*reference);
      if (!type.ok()) return type.status();
      const bool self = Lower(reference->parent()) == Lower(table);
      const bool required = reference->required() && !self;
      std::string on_delete = self ? "SET NULL" : reference->on_delete();
      if (!required && on_delete.empty()) on_delete = "SET NULL";
      std::string line = absl::StrCat(reference->column(), " ", *type,
                                       required ? " NOT NULL" : "", " REFERENCES ",
                                       reference->parent(), " (",
                                       reference->parent_column(), ")");
      if (!on_delete.empty()) absl::StrAppend(&line, " ON DELETE ", on_delete);
      columns_.push_back(std::move(line));
      taken.insert(Lower(reference->column()));
      if (!self && entities_.count(Lower(reference->parent())) > 0 &&
          entities_.at(Lower(reference->parent()))->status() != SpecEntity::EXISTING) {
        ddl_.references.push_back(reference->parent());
      }
      const bool leading_key =
          !link_key.empty() && Lower(link_key.front()) == Lower(reference->column());
      if (!leading_key) {
        indexes_.push_back(absl::StrCat(
            reference->one_to_one() ? "CREATE UNIQUE INDEX" : "CREATE INDEX",
            " IF NOT EXISTS idx_", table, "_", reference->column(), " ON ", table,
            " (", reference->column(), ");"));
      }
      comments_.push_back(DescribeRelationship(*reference) + ".");
    }
    // Attributes.
    for (const SpecAttribute& attribute : entity_.attributes()) {
      if (taken.count(Lower(attribute.name())) > 0) continue;
      taken.insert(Lower(attribute.name()));
      columns_.push_back(ColumnLine(attribute));
      if (attribute.unique()) {
        indexes_.push_back(absl::StrCat("CREATE UNIQUE INDEX IF NOT EXISTS idx_",
                                        table, "_", attribute.name(), " ON ",
                                        table, " (", attribute.name(), ");"));
      }
    }
    for (const SpecIndex& index : entity_.indexes()) {
      indexes_.push_back(absl::StrCat(
          index.unique() ? "CREATE UNIQUE INDEX" : "CREATE INDEX",
          " IF NOT EXISTS ", index.name(), " ON ", table, " (",
          absl::StrJoin(index.columns(), ", "), ");"));
    }
    // Audit columns.
    columns_.push_back(kAuditCreated);
    if (!entity_.link_table()) {
      columns_.push_back(kAuditUpdated);
      if (spec_.soft_delete()) columns_.push_back("deleted_at TIMESTAMP NULL");
    }
    if (!link_key.empty()) {
      columns_.push_back(absl::StrCat("PRIMARY KEY (", absl::StrJoin(link_key, ", "), ")"));
    }

    ddl_.table = table;
    ddl_.file = absl::StrCat(spec_.schemas_dir(), "/", table, ".sql");
    ddl_.replaces_planned = entity_.status() == SpecEntity::PLANNED;
    std::string sql = absl::StrCat(
        "-- ", table, ": designed by Baton's systems-architect for \"",
        spec_.request(), "\".\n-- Spec: ", spec_.spec_path(), "\n");
    for (const std::string& comment : comments_) {
      absl::StrAppend(&sql, "-- ", comment, "\n");
    }
    if (ddl_.replaces_planned) {
      absl::StrAppend(&sql,
                      "-- Adopts the planned definition that was in this file "
                      "(its columns, defaults and indexes are kept; re-add any "
                      "CHECK constraint it had).\n");
    }
    absl::StrAppend(&sql,
                    "-- Valid on SQLite and PostgreSQL; the migration that "
                    "creates this table is generated from this file.\n",
                    "CREATE TABLE IF NOT EXISTS ", table, " (\n  ",
                    absl::StrJoin(columns_, ",\n  "), "\n);\n");
    if (!indexes_.empty()) {
      absl::StrAppend(&sql, "\n", absl::StrJoin(indexes_, "\n"), "\n");
    }
    ddl_.sql = std::move(sql);
    return ddl_;
  }

 private:
  void AddKeyColumn() {
    if (entity_.status() == SpecEntity::PLANNED) {
      const data::TableInfo* planned =
          context_.schema_files.snapshot.FindTable(entity_.table());
      if (planned != nullptr) {
        std::vector<const data::ColumnInfo*> key;
        for (const data::ColumnInfo& column : planned->columns) {
          if (column.primary_key_position > 0) key.push_back(&column);
        }
        if (key.size() == 1 && Lower(key[0]->name) != "id") {
          const std::string type = key[0]->type.empty() ? "INTEGER" : key[0]->type;
          columns_.push_back(absl::StrCat(key[0]->name, " ", type,
                                          type == "INTEGER" ? "" : " NOT NULL",
                                          " PRIMARY KEY"));
          return;
        }
      }
    }
    columns_.push_back("id INTEGER PRIMARY KEY");
  }

  // The type of the column `reference` points at.
  absl::StatusOr<std::string> ParentKeyType(const SpecRelationship& reference) {
    auto it = entities_.find(Lower(reference.parent()));
    const bool designed = it != entities_.end() &&
                          it->second->status() == SpecEntity::NEW;
    if (designed) return std::string("INTEGER");
    const data::TableInfo* parent = context_.FindTable(reference.parent());
    if (parent == nullptr) {
      if (it != entities_.end()) return std::string("INTEGER");
      return absl::FailedPreconditionError(absl::StrCat(
          reference.child(), ".", reference.column(), " references ",
          reference.parent(), ", which is neither in the design nor in the "
          "repository"));
    }
    const data::ColumnInfo* column = parent->FindColumn(reference.parent_column());
    if (column == nullptr || column->type.empty()) return std::string("INTEGER");
    return column->type;
  }

  std::string ColumnLine(const SpecAttribute& attribute) {
    const ColumnTemplate choice = ChooseColumn(entity_.table(), attribute.name());
    const bool fixed = !attribute.type().empty();
    const std::string type = fixed ? attribute.type() : choice.type;
    std::string line = absl::StrCat(attribute.name(), " ", type);
    if (attribute.required()) absl::StrAppend(&line, " NOT NULL");
    const std::string default_sql = fixed ? attribute.default_sql() : choice.default_sql;
    if (!default_sql.empty()) absl::StrAppend(&line, " DEFAULT ", default_sql);
    if (!fixed && !choice.check.empty()) {
      absl::StrAppend(&line, " CHECK (", choice.check, ")");
    }
    return line;
  }

  const DesignSpec& spec_;
  const DesignContext& context_;
  const std::map<std::string, const SpecEntity*>& entities_;
  const SpecEntity& entity_;
  std::vector<std::string> columns_;
  std::vector<std::string> indexes_;
  std::vector<std::string> comments_;
  TableDdl ddl_;
};

}  // namespace

absl::StatusOr<std::vector<TableDdl>> GenerateDdl(const DesignSpec& spec,
                                                  const DesignContext& context) {
  std::map<std::string, const SpecEntity*> entities;
  for (const SpecEntity& entity : spec.entities()) {
    entities[Lower(entity.table())] = &entity;
  }
  std::vector<TableDdl> unordered;
  for (const SpecEntity& entity : spec.entities()) {
    if (entity.status() != SpecEntity::NEW && entity.status() != SpecEntity::PLANNED) {
      continue;
    }
    absl::StatusOr<TableDdl> ddl = TableWriter(spec, context, entities, entity).Write();
    if (!ddl.ok()) return ddl.status();
    unordered.push_back(*std::move(ddl));
  }
  // Parents first, otherwise in spec order.
  std::vector<TableDdl> ordered;
  std::set<std::string> placed;
  while (ordered.size() < unordered.size()) {
    bool progress = false;
    for (TableDdl& ddl : unordered) {
      if (placed.count(Lower(ddl.table)) > 0) continue;
      bool ready = true;
      for (const std::string& parent : ddl.references) {
        if (placed.count(Lower(parent)) == 0) ready = false;
      }
      if (!ready) continue;
      placed.insert(Lower(ddl.table));
      ordered.push_back(ddl);
      progress = true;
    }
    if (!progress) {
      std::vector<std::string> stuck;
      for (const TableDdl& ddl : unordered) {
        if (placed.count(Lower(ddl.table)) == 0) {
          stuck.push_back(absl::StrCat(ddl.table, " -> ",
                                       absl::StrJoin(ddl.references, ", ")));
        }
      }
      return absl::FailedPreconditionError(absl::StrCat(
          "the design's references form a cycle (", absl::StrJoin(stuck, "; "),
          "): make one of them optional and add it in a later migration"));
    }
  }
  return ordered;
}

}  // namespace baton::agents::schema
