#include "agents/schema/spec_document.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "agents/schema/naming.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace baton::agents::schema {
namespace {

using ::baton::schema::DesignSpec;
using ::baton::schema::SpecAttribute;
using ::baton::schema::SpecEntity;
using ::baton::schema::SpecRelationship;

std::string Singular(absl::string_view table) {
  std::vector<std::string> words = absl::StrSplit(table, '_', absl::SkipEmpty());
  if (!words.empty()) words.back() = SingularizeWord(words.back());
  return absl::StrJoin(words, " ");
}

std::string Article(absl::string_view noun) {
  if (noun.empty()) return "a";
  for (absl::string_view sounds_like_you : {"us", "uni", "uti", "eu", "one"}) {
    if (absl::StartsWith(noun, sounds_like_you)) return "a";
  }
  const char c = noun[0];
  return (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') ? "an" : "a";
}

std::string StatusText(const SpecEntity& entity) {
  switch (entity.status()) {
    case SpecEntity::EXISTING:
      return "existing: reused, not recreated";
    case SpecEntity::PLANNED:
      return "planned: definition adopted";
    default:
      return entity.link_table() ? "new (link table)" : "new";
  }
}

class ErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (error_.empty()) {
      error_ = absl::StrCat("line ", line + 1, " column ", column + 1, ": ", message);
    }
  }
  const std::string& error() const { return error_; }

 private:
  std::string error_;
};

}  // namespace

std::string DescribeRelationship(const SpecRelationship& relationship) {
  const std::string child = Singular(relationship.child());
  const std::string parent = Singular(relationship.parent());
  std::string text =
      relationship.one_to_one()
          ? absl::StrCat("Each ", parent, " has at most one ", child)
          : absl::StrCat("Each ", child, " belongs to ", Article(parent), " ",
                         parent);
  std::vector<std::string> details;
  details.push_back(absl::StrCat(relationship.child(), ".", relationship.column(),
                                 " -> ", relationship.parent(), ".",
                                 relationship.parent_column()));
  details.push_back(relationship.required() ? "required" : "optional");
  if (relationship.one_to_one()) details.push_back("unique");
  if (!relationship.on_delete().empty()) {
    details.push_back(absl::StrCat("ON DELETE ", relationship.on_delete()));
  }
  absl::StrAppend(&text, " (", absl::StrJoin(details, ", "), ")");
  return text;
}

std::string RenderSpecMarkdown(const DesignSpec& spec) {
  std::string out = absl::StrCat("# Schema design spec: ", spec.request(), "\n\n");
  absl::StrAppend(
      &out, "Written by Baton's spec-manager for the request \"", spec.request(),
      "\". ",
      spec.erd_only()
          ? "Only a diagram was asked for: the systems-architect draws the "
            "existing schema as an ERD; nothing is created."
          : absl::StrCat("The systems-architect turns it into DDL in ",
                         spec.schemas_dir(), "/ and an ERD; the "
                         "infrastructure-specialist into reversible migrations "
                         "in ",
                         spec.migrations_dir(),
                         "/; the security-auditor reviews both."),
      "\n\n## Entities\n\n| Table | Status | Why | Defined in |\n|---|---|---|---|\n");
  for (const SpecEntity& entity : spec.entities()) {
    absl::StrAppend(&out, "| ", entity.table(), " | ", StatusText(entity), " | ",
                    entity.reason(), " | ",
                    entity.definition_file().empty() ? "this design"
                                                     : entity.definition_file(),
                    " |\n");
  }
  for (const SpecEntity& entity : spec.entities()) {
    if (entity.status() == SpecEntity::EXISTING && !spec.erd_only()) continue;
    absl::StrAppend(&out, "\n### ", entity.table(), "\n\n");
    if (entity.link_table()) {
      absl::StrAppend(&out,
                      "Links two tables; its primary key is its two references.\n");
      continue;
    }
    if (entity.attributes().empty()) {
      absl::StrAppend(&out, "No attributes besides its key and references.\n");
      continue;
    }
    absl::StrAppend(&out,
                    "| Attribute | Required | Unique | Source |\n|---|---|---|---|\n");
    for (const SpecAttribute& attribute : entity.attributes()) {
      absl::StrAppend(&out, "| ", attribute.name(), " | ",
                      attribute.required() ? "yes" : "no", " | ",
                      attribute.unique() ? "yes" : "no", " | ", attribute.source(),
                      " |\n");
    }
  }
  absl::StrAppend(&out, "\n## Relationships\n\n");
  if (spec.relationships().empty()) absl::StrAppend(&out, "None.\n");
  for (const SpecRelationship& relationship : spec.relationships()) {
    absl::StrAppend(&out, "- ", DescribeRelationship(relationship), ". Why: ",
                    relationship.reason(), ".",
                    relationship.pending() ? " Not part of this design (see notes)."
                                           : "",
                    "\n");
  }
  if (!spec.erd_only()) {
    absl::StrAppend(
        &out,
        "\n## Standards the design must meet\n\n"
        "From the data card's Schema Design Standards and Data Modeling Best "
        "Practices:\n\n"
        "- a primary key on every table (INTEGER `id`; link tables: their two "
        "references);\n"
        "- a foreign key for every relationship above, each with an index;\n"
        "- NOT NULL on required attributes and references, defaults where "
        "sensible;\n"
        "- fitting types: DECIMAL for money, TIMESTAMP for times, INTEGER for "
        "counts, VARCHAR(n) for bounded text (not VARCHAR for everything);\n"
        "- audit columns created_at and updated_at",
        spec.soft_delete() ? ", and deleted_at for soft delete (asked for)" : "",
        ";\n- a schema lint with no ERROR findings.\n");
  }
  if (!spec.notes().empty()) {
    absl::StrAppend(&out, "\n## Notes\n\n");
    for (const std::string& note : spec.notes()) absl::StrAppend(&out, "- ", note, "\n");
  }
  return out;
}

std::string EncodeSpec(const DesignSpec& spec) {
  std::string text;
  google::protobuf::TextFormat::PrintToString(spec, &text);
  return text;
}

absl::StatusOr<DesignSpec> DecodeSpec(absl::string_view text) {
  DesignSpec spec;
  ErrorCollector errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(text), &spec)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the schema.design fact is not a DesignSpec: ", errors.error()));
  }
  return spec;
}

}  // namespace baton::agents::schema
