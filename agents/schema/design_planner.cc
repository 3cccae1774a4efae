#include "agents/schema/design_planner.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "agents/schema/entity_catalog.h"
#include "agents/schema/naming.h"

namespace baton::agents::schema {
namespace {

using ::baton::schema::DesignSpec;
using ::baton::schema::SpecAttribute;
using ::baton::schema::SpecEntity;
using ::baton::schema::SpecIndex;
using ::baton::schema::SpecRelationship;

bool IsAuditColumn(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  return lower == "created_at" || lower == "updated_at" || lower == "deleted_at";
}

std::string FileOf(const SourceLocation* location) {
  return location == nullptr ? "" : location->file;
}

// The single primary-key column of `table`, or "".
std::string PrimaryKeyOf(const data::TableInfo& table) {
  std::string key;
  int count = 0;
  for (const data::ColumnInfo& column : table.columns) {
    if (column.primary_key_position > 0) {
      key = column.name;
      ++count;
    }
  }
  return count == 1 ? key : "";
}

class Planner {
 public:
  Planner(const DesignRequest& request, const DesignContext& context)
      : request_(request), context_(context) {}

  absl::StatusOr<DesignSpec> Plan() {
    spec_.set_request(request_.text);
    spec_.set_soft_delete(request_.soft_delete);
    spec_.set_schemas_dir(context_.layout.schemas_dir);
    spec_.set_migrations_dir(context_.layout.migrations_dir);
    spec_.set_spec_path(absl::StrCat(context_.layout.specs_dir, "/",
                                     SpecSlug(request_.text), ".md"));
    if (request_.entities.empty()) return PlanDiagramOnly();

    for (const RequestedEntity& entity : request_.entities) {
      Add(entity.table, "requested", entity.phrase);
    }
    for (const RequestedEntity& entity : request_.entities) {
      AddRequestedColumns(entity);
    }
    for (const RequestedRelation& relation : request_.relations) {
      absl::Status status = AddRequestedRelation(relation);
      if (!status.ok()) return status;
    }
    absl::Status status = Expand();
    if (!status.ok()) return status;
    status = AddKnownLinks();
    if (!status.ok()) return status;
    status = Expand();
    if (!status.ok()) return status;
    FinishNotes();
    return spec_;
  }

 private:
  SpecEntity* Find(absl::string_view table) {
    auto it = index_.find(absl::AsciiStrToLower(table));
    return it == index_.end() ? nullptr : spec_.mutable_entities(it->second);
  }

  bool InDesign(absl::string_view table) { return Find(table) != nullptr; }

  // Adds `table` with its status from the repository; returns it (the
  // existing entry when already there).
  SpecEntity* Add(const std::string& table, const std::string& reason,
                  const std::string& display = "") {
    if (SpecEntity* found = Find(table)) return found;
    SpecEntity* entity = spec_.add_entities();
    index_[absl::AsciiStrToLower(table)] = spec_.entities_size() - 1;
    entity->set_table(table);
    entity->set_display_name(display.empty() ? absl::StrReplaceAll(table, {{"_", " "}})
                                             : display);
    entity->set_reason(reason);
    if (const data::TableInfo* existing = context_.existing.snapshot.FindTable(table)) {
      entity->set_table(existing->name);
      entity->set_status(SpecEntity::EXISTING);
      entity->set_definition_file(FileOf(context_.existing.FindTableLocation(table)));
      for (const data::ColumnInfo& column : existing->columns) {
        if (column.primary_key_position > 0 || IsAuditColumn(column.name)) continue;
        AddAttribute(entity, column, "existing schema", *existing);
      }
    } else if (const data::TableInfo* planned =
                   context_.schema_files.snapshot.FindTable(table)) {
      entity->set_table(planned->name);
      entity->set_status(SpecEntity::PLANNED);
      entity->set_definition_file(
          FileOf(context_.schema_files.FindTableLocation(table)));
      AdoptPlanned(entity, *planned);
      to_expand_.push_back(entity->table());
    } else {
      entity->set_status(SpecEntity::NEW);
      const EntityTemplate* known = FindEntityTemplate(table);
      if (known != nullptr) {
        for (const ColumnTemplate& column : known->columns) {
          SpecAttribute* attribute = entity->add_attributes();
          attribute->set_name(column.name);
          attribute->set_required(column.required);
          attribute->set_unique(column.unique);
          attribute->set_source("catalog");
        }
      } else {
        SpecAttribute* attribute = entity->add_attributes();
        attribute->set_name("name");
        attribute->set_required(true);
        attribute->set_source("default");
        unknown_.push_back(table);
      }
      to_expand_.push_back(entity->table());
    }
    return entity;
  }

  void AddAttribute(SpecEntity* entity, const data::ColumnInfo& column,
                    const std::string& source, const data::TableInfo& table) {
    SpecAttribute* attribute = entity->add_attributes();
    attribute->set_name(column.name);
    attribute->set_required(column.not_null);
    attribute->set_type(column.type);
    if (column.default_value.has_value()) {
      attribute->set_default_sql(*column.default_value);
    }
    for (const data::IndexInfo& index : table.indexes) {
      if (index.unique && !index.partial && index.columns.size() == 1 &&
          absl::EqualsIgnoreCase(index.columns[0], column.name)) {
        attribute->set_unique(true);
      }
    }
    attribute->set_source(source);
  }

  // A planned table: its columns become attributes, except the key, the
  // audit columns and references (which become relationships).
  void AdoptPlanned(SpecEntity* entity, const data::TableInfo& table) {
    std::set<std::string> reference_columns;
    for (const ForeignKey* key : context_.schema_files.ForeignKeysOf(table.name)) {
      for (const std::string& column : key->columns) {
        reference_columns.insert(absl::AsciiStrToLower(column));
      }
    }
    const std::string key = PrimaryKeyOf(table);
    for (const data::ColumnInfo& column : table.columns) {
      if (absl::EqualsIgnoreCase(column.name, key) || IsAuditColumn(column.name) ||
          reference_columns.count(absl::AsciiStrToLower(column.name)) > 0) {
        continue;
      }
      AddAttribute(entity, column, "planned definition", table);
    }
    for (const data::IndexInfo& index : table.indexes) {
      if (index.origin != "c" || index.partial || index.unique) continue;
      if (index.columns.size() == 1 &&
          reference_columns.count(absl::AsciiStrToLower(index.columns[0])) > 0) {
        continue;  // Foreign-key indexes are made for every reference.
      }
      SpecIndex* extra = entity->add_indexes();
      extra->set_name(index.name);
      for (const std::string& column : index.columns) extra->add_columns(column);
    }
  }

  void AddRequestedColumns(const RequestedEntity& requested) {
    SpecEntity* entity = Find(requested.table);
    if (entity == nullptr) return;
    for (const std::string& column : requested.columns) {
      bool present = false;
      for (SpecAttribute& attribute : *entity->mutable_attributes()) {
        if (absl::EqualsIgnoreCase(attribute.name(), column)) {
          attribute.set_source("request");
          present = true;
        }
      }
      if (present) continue;
      if (entity->status() == SpecEntity::EXISTING) {
        notes_.push_back(absl::StrCat(
            entity->table(), " already exists: adding ", column,
            " is a Database Migration of its own (\"Add ", column,
            " column to ", entity->table(), " table\")."));
        continue;
      }
      SpecAttribute* attribute = entity->add_attributes();
      attribute->set_name(column);
      attribute->set_required(ChooseColumn(entity->table(), column).required);
      attribute->set_source("request");
    }
  }

  // The column `parent` is referenced by: its single primary key ("id" for
  // a new table).
  absl::StatusOr<std::string> ParentKey(const std::string& parent) {
    const data::TableInfo* table = context_.FindTable(parent);
    SpecEntity* entity = Find(parent);
    if (table == nullptr || (entity != nullptr && entity->status() == SpecEntity::NEW)) {
      return std::string("id");
    }
    std::string key = PrimaryKeyOf(*table);
    if (key.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot reference ", parent,
          ": it has no single-column primary key (lint it with `baton "
          "lint-schema`)"));
    }
    return key;
  }

  bool Related(absl::string_view child, absl::string_view parent) {
    for (const SpecRelationship& relationship : spec_.relationships()) {
      if (absl::EqualsIgnoreCase(relationship.child(), child) &&
          absl::EqualsIgnoreCase(relationship.parent(), parent)) {
        return true;
      }
    }
    return false;
  }

  absl::Status Relate(const std::string& child, const std::string& parent,
                      std::string column, bool required, bool one_to_one,
                      const std::string& on_delete, const std::string& reason) {
    if (Related(child, parent)) return absl::OkStatus();
    absl::StatusOr<std::string> key = ParentKey(parent);
    if (!key.ok()) return key.status();
    SpecRelationship* relationship = spec_.add_relationships();
    relationship->set_child(child);
    relationship->set_parent(parent);
    relationship->set_column(column.empty() ? ForeignKeyColumnFor(parent)
                                            : std::move(column));
    relationship->set_parent_column(*key);
    relationship->set_required(required);
    relationship->set_one_to_one(one_to_one);
    relationship->set_on_delete(on_delete);
    relationship->set_reason(reason);
    SpecEntity* entity = Find(child);
    if (entity != nullptr && entity->status() == SpecEntity::EXISTING) {
      relationship->set_pending(true);
      notes_.push_back(absl::StrCat(
          child, " already exists, so ", child, ".", relationship->column(),
          " -> ", parent, " is not part of this design: add it with a "
          "Database Migration (\"Add ", relationship->column(), " column to ",
          child, " table\")."));
    }
    return absl::OkStatus();
  }

  absl::Status AddRequestedRelation(const RequestedRelation& relation) {
    if (relation.kind != RequestedRelation::Kind::kManyToMany) {
      explicit_children_.insert(relation.child);
    }
    const std::string reason = absl::StrCat("request: \"", relation.phrase, "\"");
    if (relation.kind == RequestedRelation::Kind::kManyToMany) {
      std::string link = absl::StrCat(ForeignKeyColumnFor(relation.child).substr(
                                          0, ForeignKeyColumnFor(relation.child).size() - 3),
                                      "_", relation.parent);
      for (const LinkTemplate& known : KnownLinks()) {
        if ((known.first == relation.child && known.second == relation.parent) ||
            (known.first == relation.parent && known.second == relation.child)) {
          link = known.link;
        }
      }
      return AddLink(relation.child, relation.parent, link, reason);
    }
    Add(relation.child, reason);
    Add(relation.parent, reason);
    std::string on_delete = "RESTRICT";
    if (const EntityTemplate* known = FindEntityTemplate(relation.child)) {
      for (const ParentTemplate& parent : known->parents) {
        for (const std::string& table : parent.tables) {
          if (table == relation.parent) on_delete = parent.on_delete;
        }
      }
    }
    return Relate(relation.child, relation.parent, "",
                  /*required=*/true,
                  relation.kind == RequestedRelation::Kind::kHasOne, on_delete,
                  reason);
  }

  absl::Status AddLink(const std::string& first, const std::string& second,
                       const std::string& link, const std::string& reason) {
    Add(first, reason);
    Add(second, reason);
    SpecEntity* entity = Find(link);
    if (entity == nullptr) {
      entity = Add(link, absl::StrCat("joins ", first, " and ", second,
                                      " (many-to-many)"));
    }
    if (entity->status() == SpecEntity::NEW && !entity->link_table()) {
      // A requested link table ("post tags") is not an unknown entity.
      entity->set_link_table(true);
      entity->clear_attributes();
      unknown_.erase(std::remove(unknown_.begin(), unknown_.end(), link), unknown_.end());
    }
    absl::Status status = Relate(link, first, "", true, false, "CASCADE", reason);
    if (!status.ok()) return status;
    return Relate(link, second, "", true, false, "CASCADE", reason);
  }

  // Relationships of each new or planned table, adding missing parents.
  absl::Status Expand() {
    while (!to_expand_.empty()) {
      const std::string table = to_expand_.front();
      to_expand_.pop_front();
      SpecEntity* entity = Find(table);
      if (entity == nullptr || entity->link_table()) continue;
      absl::Status status = entity->status() == SpecEntity::PLANNED
                                ? ExpandPlanned(table)
                                : ReferencesFromAttributes(table);
      if (!status.ok()) return status;
      const EntityTemplate* known = FindEntityTemplate(table);
      // The request's own relationships for a table replace the catalog's.
      if (known == nullptr || explicit_children_.count(table) > 0) continue;
      for (const ParentTemplate& parent : known->parents) {
        std::string chosen;
        bool related = false;
        for (const std::string& candidate : parent.tables) {
          related = related || Related(table, candidate);
          if (chosen.empty() && InDesign(candidate)) chosen = candidate;
        }
        if (related) continue;
        if (chosen.empty()) {
          for (const std::string& candidate : parent.tables) {
            if (context_.IsExisting(candidate)) {
              chosen = candidate;
              break;
            }
          }
        }
        if (chosen.empty() && parent.required) {
          chosen = parent.add_if_missing.empty() ? parent.tables.front()
                                                 : parent.add_if_missing;
        }
        if (chosen.empty()) continue;
        Add(chosen, absl::StrCat(table, " belong to ", chosen));
        absl::Status status = Relate(
            table, chosen, "", parent.required, parent.one_to_one,
            parent.on_delete,
            absl::StrCat("catalog: ", absl::StrReplaceAll(table, {{"_", " "}}),
                         parent.one_to_one ? " belong to one of " : " belong to ",
                         absl::StrReplaceAll(chosen, {{"_", " "}})));
        if (!status.ok()) return status;
      }
    }
    return absl::OkStatus();
  }

  absl::Status ExpandPlanned(const std::string& table) {
    const data::TableInfo* planned = context_.schema_files.snapshot.FindTable(table);
    if (planned == nullptr) return absl::OkStatus();
    const std::string file = FileOf(context_.schema_files.FindTableLocation(table));
    for (const ForeignKey* key : context_.schema_files.ForeignKeysOf(table)) {
      if (key->columns.size() != 1) continue;
      const data::ColumnInfo* column = planned->FindColumn(key->columns[0]);
      if (context_.FindTable(key->parent) == nullptr && !InDesign(key->parent)) {
        return absl::FailedPreconditionError(absl::StrCat(
            file, ": ", table, ".", key->columns[0], " references ", key->parent,
            ", which neither the migrations nor the schema files define"));
      }
      Add(key->parent, absl::StrCat(table, " references it"));
      std::string on_delete = absl::AsciiStrToUpper(key->on_delete);
      if (on_delete == "NO ACTION") on_delete = "";
      absl::Status status = Relate(
          table, key->parent, key->columns[0],
          column != nullptr && column->not_null, false, on_delete,
          absl::StrCat("planned definition (", file, ")"));
      if (!status.ok()) return status;
    }
    return ReferencesFromAttributes(table);
  }

  // *_id attributes of a new or planned table that name a table in the
  // design or the repository become relationships (with a foreign key).
  absl::Status ReferencesFromAttributes(const std::string& table) {
    SpecEntity* entity = Find(table);
    std::vector<std::string> moved;
    for (const SpecAttribute& attribute : entity->attributes()) {
      std::string planned_parent;
      for (const std::string& candidate : ReferencedTableCandidates(attribute.name())) {
        if (absl::EqualsIgnoreCase(candidate, table)) continue;
        if (InDesign(candidate) || context_.FindTable(candidate) != nullptr) {
          planned_parent = candidate;
          break;
        }
      }
      if (planned_parent.empty()) continue;
      Add(planned_parent, absl::StrCat(table, " references it"));
      absl::Status status =
          Relate(table, planned_parent, attribute.name(), attribute.required(),
                 false, "RESTRICT",
                 absl::StrCat("column ", attribute.name(), " names ",
                              planned_parent, "; the design adds the foreign key"));
      if (!status.ok()) return status;
      moved.push_back(attribute.name());
    }
    if (!moved.empty()) {
      entity = Find(table);  // Add may have grown the entity list.
      auto* attributes = entity->mutable_attributes();
      for (int i = attributes->size() - 1; i >= 0; --i) {
        for (const std::string& name : moved) {
          if (attributes->Get(i).name() == name) {
            attributes->DeleteSubrange(i, 1);
            break;
          }
        }
      }
    }
    return absl::OkStatus();
  }

  absl::Status AddKnownLinks() {
    for (const LinkTemplate& link : KnownLinks()) {
      SpecEntity* first = Find(link.first);
      SpecEntity* second = Find(link.second);
      if (first == nullptr || second == nullptr) continue;
      if (first->status() == SpecEntity::EXISTING &&
          second->status() == SpecEntity::EXISTING) {
        continue;
      }
      if (context_.IsExisting(link.link)) continue;
      absl::Status status = AddLink(
          link.first, link.second, link.link,
          absl::StrCat("each ", SingularPhrase(link.first), " has many ",
                       absl::StrReplaceAll(link.second, {{"_", " "}}),
                       " and the other way round"));
      if (!status.ok()) return status;
    }
    return absl::OkStatus();
  }

  static std::string SingularPhrase(const std::string& table) {
    std::vector<std::string> words = absl::StrSplit(table, '_', absl::SkipEmpty());
    if (!words.empty()) words.back() = SingularizeWord(words.back());
    return absl::StrJoin(words, " ");
  }

  absl::StatusOr<DesignSpec> PlanDiagramOnly() {
    spec_.set_erd_only(true);
    if (context_.existing.snapshot.tables.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "there is no schema to draw: the repository has no migrations ",
          context_.layout.has_migrations
              ? absl::StrCat("creating tables in ", context_.layout.migrations_dir)
              : absl::StrCat("(looked for ", context_.layout.migrations_dir, ")"),
          ", and the request names no entities; name them, e.g. \"Create ERD "
          "for users and orders\""));
    }
    for (const data::TableInfo& table : context_.existing.snapshot.tables) {
      Add(table.name, "in the schema the migrations build");
    }
    for (const ForeignKey& key : context_.existing.foreign_keys) {
      if (key.columns.size() != 1) continue;
      SpecRelationship* relationship = spec_.add_relationships();
      relationship->set_child(key.table);
      relationship->set_column(key.columns[0]);
      relationship->set_parent(key.parent);
      relationship->set_parent_column(
          key.parent_columns.empty() ? "id" : key.parent_columns[0]);
      const data::TableInfo* child = context_.existing.snapshot.FindTable(key.table);
      const data::ColumnInfo* column =
          child == nullptr ? nullptr : child->FindColumn(key.columns[0]);
      relationship->set_required(column != nullptr && column->not_null);
      relationship->set_on_delete(key.on_delete == "NO ACTION" ? "" : key.on_delete);
      relationship->set_reason("existing foreign key");
    }
    for (const data::TableInfo& table : context_.schema_files.snapshot.tables) {
      if (!context_.IsExisting(table.name)) {
        notes_.push_back(absl::StrCat(
            table.name, " is defined in ",
            FileOf(context_.schema_files.FindTableLocation(table.name)),
            " but no migration creates it yet, so the diagram leaves it out."));
      }
    }
    FinishNotes();
    return spec_;
  }

  void FinishNotes() {
    for (const SpecEntity& entity : spec_.entities()) {
      if (entity.status() == SpecEntity::EXISTING && !spec_.erd_only()) {
        spec_.add_notes(absl::StrCat(entity.table(), " already exists (",
                                     entity.definition_file(),
                                     "): reused, not recreated."));
      } else if (entity.status() == SpecEntity::PLANNED) {
        spec_.add_notes(absl::StrCat(
            entity.table(), " is defined in ", entity.definition_file(),
            " but no migration creates it yet: this design adopts that "
            "definition and brings it up to the standards."));
      }
    }
    for (const std::string& table : unknown_) {
      spec_.add_notes(absl::StrCat(
          "Baton's catalog does not know ", table,
          ": it starts with a name column; add its attributes before "
          "migrating."));
    }
    for (std::string& note : notes_) spec_.add_notes(std::move(note));
    notes_.clear();
  }

  const DesignRequest& request_;
  const DesignContext& context_;
  DesignSpec spec_;
  std::map<std::string, int> index_;
  std::deque<std::string> to_expand_;
  std::vector<std::string> unknown_;
  std::vector<std::string> notes_;
  std::set<std::string> explicit_children_;
};

}  // namespace

std::string SpecSlug(absl::string_view request) {
  std::vector<std::string> words =
      absl::StrSplit(ToSnakeCase(request), '_', absl::SkipEmpty());
  std::string slug;
  for (const std::string& word : words) {
    if (slug.size() + word.size() + 1 > 80) break;
    if (!slug.empty()) slug.push_back('-');
    slug += word;
  }
  return slug.empty() ? "schema-design" : slug;
}

absl::StatusOr<DesignSpec> PlanDesign(const DesignRequest& request,
                                      const DesignContext& context) {
  return Planner(request, context).Plan();
}

absl::StatusOr<DesignSpec> PlanDesignFor(absl::string_view request_text,
                                         const DesignContext& context) {
  absl::StatusOr<DesignRequest> request = ParseDesignRequest(request_text);
  if (!request.ok()) return request.status();
  return PlanDesign(*request, context);
}

}  // namespace baton::agents::schema
