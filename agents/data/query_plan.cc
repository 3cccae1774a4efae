#include "agents/data/query_plan.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "re2/re2.h"

namespace baton::agents::data {
namespace {

using ::google::protobuf::Value;

const Value* Get(const Value& value, const std::string& key) {
  if (value.kind_case() != Value::kStructValue) return nullptr;
  auto it = value.struct_value().fields().find(key);
  return it == value.struct_value().fields().end() ? nullptr : &it->second;
}

std::string GetString(const Value& value, const std::string& key) {
  const Value* field = Get(value, key);
  return field != nullptr && field->kind_case() == Value::kStringValue
             ? field->string_value()
             : "";
}

std::optional<double> GetNumber(const Value& value, const std::string& key) {
  const Value* field = Get(value, key);
  if (field == nullptr || field->kind_case() != Value::kNumberValue) {
    return std::nullopt;
  }
  return field->number_value();
}

void AddPostgresNode(const Value& plan, int depth,
                     const std::string& parent_relation, QueryPlan* out) {
  PlanNode node;
  node.operation = GetString(plan, "Node Type");
  node.relation = GetString(plan, "Relation Name");
  node.index = GetString(plan, "Index Name");
  // A Bitmap Index Scan names only its index; its parent reads the table.
  if (node.relation.empty() && !node.index.empty()) {
    node.relation = parent_relation;
  }
  node.alias = GetString(plan, "Alias");
  std::vector<std::string> conditions;
  for (const char* key : {"Index Cond", "Recheck Cond", "Hash Cond",
                          "Merge Cond", "Join Filter", "Filter"}) {
    std::string condition = GetString(plan, key);
    if (!condition.empty()) conditions.push_back(absl::StrCat(key, ": ", condition));
  }
  node.condition = absl::StrJoin(conditions, "; ");
  node.depth = depth;
  node.full_scan = node.operation == "Seq Scan";
  node.actual_rows = GetNumber(plan, "Actual Rows");
  const std::string relation = node.relation;
  out->nodes.push_back(std::move(node));
  if (const Value* children = Get(plan, "Plans")) {
    if (children->kind_case() == Value::kListValue) {
      for (const Value& child : children->list_value().values()) {
        AddPostgresNode(child, depth + 1, relation, out);
      }
    }
  }
}

}  // namespace

std::string PlanNode::Describe() const {
  std::string text = operation;
  if (operation == "SCAN" || operation == "SEARCH") {
    absl::StrAppend(&text, " ", alias.empty() ? relation : alias);
    if (alias != relation && !alias.empty() && !relation.empty()) {
      absl::StrAppend(&text, " (table ", relation, ")");
    }
    if (!index.empty()) absl::StrAppend(&text, " USING INDEX ", index);
    if (!condition.empty()) absl::StrAppend(&text, " ", condition);
    return text;
  }
  if (!index.empty()) absl::StrAppend(&text, " using ", index);
  if (!relation.empty()) {
    absl::StrAppend(&text, " on ", relation);
    if (!alias.empty() && alias != relation) absl::StrAppend(&text, " ", alias);
  }
  if (!condition.empty()) absl::StrAppend(&text, " (", condition, ")");
  if (actual_rows.has_value()) {
    absl::StrAppend(&text, " [rows=", absl::StrFormat("%.0f", *actual_rows), "]");
  }
  return text;
}

std::string QueryPlan::Text() const {
  std::string text;
  for (const PlanNode& node : nodes) {
    absl::StrAppend(&text, std::string(static_cast<size_t>(node.depth) * 2, ' '),
                    "-> ", node.Describe(), "\n");
  }
  if (planning_ms.has_value()) {
    absl::StrAppend(&text, absl::StrFormat("Planning Time: %.3f ms\n", *planning_ms));
  }
  if (execution_ms.has_value()) {
    absl::StrAppend(&text,
                    absl::StrFormat("Execution Time: %.3f ms\n", *execution_ms));
  }
  return text;
}

std::string QueryPlan::Summary() const {
  std::vector<std::string> scans;
  for (const PlanNode& node : nodes) {
    if (node.relation.empty()) continue;
    PlanNode brief = node;
    brief.condition.clear();
    brief.actual_rows.reset();
    scans.push_back(brief.Describe());
  }
  return scans.empty() ? "no table read" : absl::StrJoin(scans, "; ");
}

bool QueryPlan::FullScanOn(absl::string_view table) const {
  for (const PlanNode& node : nodes) {
    if (node.full_scan && absl::EqualsIgnoreCase(node.relation, table)) return true;
  }
  return false;
}

std::vector<std::string> QueryPlan::IndexesOn(absl::string_view table) const {
  std::vector<std::string> indexes;
  for (const PlanNode& node : nodes) {
    if (!node.index.empty() && !node.full_scan &&
        absl::EqualsIgnoreCase(node.relation, table)) {
      indexes.push_back(node.index);
    }
  }
  return indexes;
}

absl::StatusOr<QueryPlan> ParseSqlitePlan(
    const std::vector<SqlRow>& rows,
    const std::map<std::string, std::string>& aliases) {
  // "SEARCH u USING INDEX idx (email=?)", "SCAN users USING COVERING INDEX i",
  // "SEARCH o USING AUTOMATIC COVERING INDEX (user_id=?)",
  // "SEARCH users USING INTEGER PRIMARY KEY (rowid=?)".
  static const RE2 kAccess(
      R"(^(SCAN|SEARCH) (\S+)(?: USING (AUTOMATIC )?(?:PARTIAL )?(?:COVERING )?)"
      R"((INDEX(?: ([^\s(]\S*))?|INTEGER PRIMARY KEY|PRIMARY KEY|ROWID))?)"
      R"((?: \((.*)\))?.*$)");
  QueryPlan plan;
  plan.database = "SQLite";
  std::map<std::string, int> depth_of_id;
  std::vector<std::string> raw;
  for (const SqlRow& row : rows) {
    if (row.size() < 4 || !row[0].has_value() || !row[3].has_value()) {
      return absl::InvalidArgumentError(
          "EXPLAIN QUERY PLAN rows must be (id, parent, notused, detail)");
    }
    const std::string id = *row[0];
    const std::string parent = row[1].value_or("0");
    const std::string detail = *row[3];
    raw.push_back(absl::StrCat(id, "|", parent, "|", detail));
    auto it = depth_of_id.find(parent);
    const int depth = it == depth_of_id.end() ? 0 : it->second + 1;
    depth_of_id[id] = depth;

    PlanNode node;
    node.depth = depth;
    std::string verb, name, automatic, access, index, condition;
    if (RE2::FullMatch(detail, kAccess, &verb, &name, &automatic, &access,
                       &index, &condition)) {
      node.operation = verb;
      node.alias = name;
      auto alias = aliases.find(absl::AsciiStrToLower(name));
      node.relation = alias != aliases.end() ? alias->second : name;
      if (!condition.empty()) node.condition = absl::StrCat("(", condition, ")");
      if (!automatic.empty()) {
        node.index = "";
        node.full_scan = true;
        node.condition = absl::StrCat("automatic index ", node.condition);
      } else if (absl::StartsWith(access, "INDEX")) {
        node.index = index;
      } else if (!access.empty()) {
        node.index = access;  // INTEGER PRIMARY KEY / PRIMARY KEY / ROWID.
      } else {
        node.full_scan = verb == "SCAN";
      }
    } else {
      node.operation = detail;
    }
    plan.nodes.push_back(std::move(node));
  }
  plan.raw = absl::StrJoin(raw, "\n");
  return plan;
}

absl::StatusOr<QueryPlan> ParsePostgresPlan(absl::string_view json) {
  Value document;
  auto parsed = google::protobuf::util::JsonStringToMessage(
      std::string(json), &document);
  if (!parsed.ok() || document.kind_case() != Value::kListValue ||
      document.list_value().values_size() == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "not an EXPLAIN (FORMAT JSON) document: ", json.substr(0, 200)));
  }
  const Value& top = document.list_value().values(0);
  const Value* root = Get(top, "Plan");
  if (root == nullptr) {
    return absl::InvalidArgumentError("EXPLAIN JSON without a \"Plan\"");
  }
  QueryPlan plan;
  plan.database = "PostgreSQL";
  plan.raw = std::string(json);
  AddPostgresNode(*root, 0, "", &plan);
  plan.planning_ms = GetNumber(top, "Planning Time");
  plan.execution_ms = GetNumber(top, "Execution Time");
  return plan;
}

}  // namespace baton::agents::data
