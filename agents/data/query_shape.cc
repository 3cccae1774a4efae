#include "agents/data/query_shape.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agents/data/sql_parser.h"

namespace baton::agents::data {
namespace {

using ::google::protobuf::Value;
using parse_tree::Field;
using parse_tree::Int;
using parse_tree::List;
using parse_tree::Names;
using parse_tree::Node;
using parse_tree::NodeType;
using parse_tree::String;

// Calls `visit(type, body)` for every node under `value`, depth first.
void Walk(const Value& value,
          const std::function<void(const std::string&, const Value&)>& visit) {
  if (value.kind_case() == Value::kListValue) {
    for (const Value& item : value.list_value().values()) Walk(item, visit);
    return;
  }
  if (value.kind_case() != Value::kStructValue) return;
  for (const auto& [key, field] : value.struct_value().fields()) {
    if (!key.empty() && absl::ascii_isupper(static_cast<unsigned char>(key[0])) &&
        field.kind_case() == Value::kStructValue) {
      visit(key, field);
    }
    Walk(field, visit);
  }
}

// The column an expression stands for: a ColumnRef, possibly under a cast.
bool ColumnOf(const Value* expr, ColumnUse* column) {
  if (const Value* cast = Node(expr, "TypeCast")) {
    return ColumnOf(Field(cast, "arg"), column);
  }
  const Value* ref = Node(expr, "ColumnRef");
  if (ref == nullptr) return false;
  std::vector<std::string> names = Names(Field(ref, "fields"));
  if (names.empty() || names.back() == "*") return false;
  column->column = names.back();
  column->qualifier = names.size() >= 2 ? names[names.size() - 2] : "";
  column->location = Int(Field(ref, "location"), -1);
  return true;
}

class ShapeReader {
 public:
  explicit ShapeReader(QueryShape* shape) : shape_(shape) {}

  void Predicates(const Value* expr, bool in_join) {
    if (expr == nullptr) return;
    if (const Value* bool_expr = Node(expr, "BoolExpr")) {
      for (const Value* arg : List(Field(bool_expr, "args"))) {
        Predicates(arg, in_join);
      }
      return;
    }
    if (const Value* null_test = Node(expr, "NullTest")) {
      Predicate predicate;
      if (ColumnOf(Field(null_test, "arg"), &predicate.column)) {
        predicate.op = String(Field(null_test, "nulltesttype")) == "IS_NULL"
                           ? "IS NULL"
                           : "IS NOT NULL";
        shape_->filters.push_back(predicate);
      }
      return;
    }
    if (const Value* sublink = Node(expr, "SubLink")) {
      Predicate predicate;
      if (ColumnOf(Field(sublink, "testexpr"), &predicate.column)) {
        predicate.op = "IN";
        predicate.equality = true;
        shape_->filters.push_back(predicate);
      }
      return;
    }
    const Value* a_expr = Node(expr, "A_Expr");
    if (a_expr == nullptr) return;
    const std::string kind = String(Field(a_expr, "kind"));
    std::vector<std::string> name = Names(Field(a_expr, "name"));
    std::string op = name.empty() ? "" : absl::AsciiStrToUpper(name.back());
    if (kind == "AEXPR_IN") op = "IN";
    if (kind == "AEXPR_LIKE") op = "LIKE";
    if (kind == "AEXPR_ILIKE") op = "ILIKE";
    if (absl::StartsWith(kind, "AEXPR_BETWEEN") ||
        absl::StartsWith(kind, "AEXPR_NOT_BETWEEN")) {
      op = "BETWEEN";
    }
    Predicate predicate;
    predicate.op = op;
    predicate.equality = op == "=" || op == "IN";
    ColumnUse left;
    ColumnUse right;
    bool has_left = ColumnOf(Field(a_expr, "lexpr"), &left);
    bool has_right = ColumnOf(Field(a_expr, "rexpr"), &right);
    if (has_left && has_right) {
      predicate.column = left;
      predicate.other = right;
      predicate.is_join = true;
      shape_->joins.push_back(predicate);
    } else if (has_left || has_right) {
      predicate.column = has_left ? left : right;
      shape_->filters.push_back(predicate);
    }
    (void)in_join;
  }

  // Appends the FROM items under `item`; returns their aliases.
  std::vector<std::string> From(const Value* item) {
    std::vector<std::string> aliases;
    if (const Value* range = Node(item, "RangeVar")) {
      FromItem from;
      from.table = String(Field(range, "relname"));
      from.alias = String(Field(Field(range, "alias"), "aliasname"));
      if (from.alias.empty()) from.alias = from.table;
      from.location = Int(Field(range, "location"), -1);
      aliases.push_back(from.alias);
      shape_->from.push_back(std::move(from));
    } else if (const Value* join = Node(item, "JoinExpr")) {
      std::vector<std::string> left = From(Field(join, "larg"));
      std::vector<std::string> right = From(Field(join, "rarg"));
      const bool natural = Field(join, "isNatural") != nullptr &&
                           Field(join, "isNatural")->bool_value();
      if ((natural || !List(Field(join, "usingClause")).empty()) &&
          !left.empty() && !right.empty()) {
        shape_->using_joins.emplace_back(left.back(), right.front());
      }
      Predicates(Field(join, "quals"), /*in_join=*/true);
      aliases.insert(aliases.end(), left.begin(), left.end());
      aliases.insert(aliases.end(), right.begin(), right.end());
    } else {
      const std::string type = NodeType(item);
      const Value* body = Field(item, type);
      FromItem from;
      from.alias = String(Field(Field(body, "alias"), "aliasname"));
      if (from.alias.empty()) from.alias = absl::StrCat("(", type, ")");
      aliases.push_back(from.alias);
      shape_->from.push_back(std::move(from));
    }
    return aliases;
  }

  void Select(const Value* select) {
    const std::string op = String(Field(select, "op"));
    if (!op.empty() && op != "SETOP_NONE") {
      Select(Node(Field(select, "larg"), "SelectStmt"));
      Select(Node(Field(select, "rarg"), "SelectStmt"));
      if (Field(select, "limitCount") != nullptr) shape_->has_limit = true;
      return;
    }
    bool all_aggregates = true;
    int targets = 0;
    for (const Value* target : List(Field(select, "targetList"))) {
      const Value* val = Field(Node(target, "ResTarget"), "val");
      ++targets;
      if (const Value* ref = Node(val, "ColumnRef")) {
        std::vector<std::string> names = Names(Field(ref, "fields"));
        if (!names.empty() && names.back() == "*" && !shape_->select_star) {
          shape_->select_star = true;
          shape_->select_star_location = Int(Field(ref, "location"), -1);
        }
      }
      const Value* call = Node(val, "FuncCall");
      std::vector<std::string> function =
          call == nullptr ? std::vector<std::string>{}
                          : Names(Field(call, "funcname"));
      static const std::set<std::string> kAggregates = {
          "count", "sum", "avg", "min", "max", "bool_and", "bool_or",
          "string_agg", "array_agg", "json_agg", "jsonb_agg"};
      if (function.empty() || kAggregates.count(function.back()) == 0) {
        all_aggregates = false;
      }
    }
    shape_->has_group_by = !List(Field(select, "groupClause")).empty();
    shape_->aggregate_only =
        targets > 0 && all_aggregates && !shape_->has_group_by;
    if (Field(select, "limitCount") != nullptr) shape_->has_limit = true;
    for (const Value* item : List(Field(select, "fromClause"))) From(item);
    Predicates(Field(select, "whereClause"), /*in_join=*/false);
  }

 private:
  QueryShape* shape_;
};

}  // namespace

std::string ColumnUse::Name() const {
  return absl::StrCat(table.empty() ? (qualifier.empty() ? "?" : qualifier)
                                    : table,
                      ".", column);
}

std::string QueryShape::TableOf(absl::string_view alias_or_name) const {
  for (const FromItem& item : from) {
    if (absl::EqualsIgnoreCase(item.alias, alias_or_name)) return item.table;
  }
  for (const FromItem& item : from) {
    if (absl::EqualsIgnoreCase(item.table, alias_or_name)) return item.table;
  }
  return "";
}

std::vector<std::string> QueryShape::UnconnectedItems() const {
  if (from.size() <= 1) return {};
  std::map<std::string, std::string> parent;
  for (const FromItem& item : from) {
    parent[absl::AsciiStrToLower(item.alias)] =
        absl::AsciiStrToLower(item.alias);
  }
  std::function<std::string(const std::string&)> find =
      [&](const std::string& key) -> std::string {
    auto it = parent.find(key);
    if (it == parent.end()) return "";
    if (it->second == key) return key;
    std::string root = find(it->second);
    parent[key] = root;
    return root;
  };
  auto item_of = [&](const ColumnUse& column) -> std::string {
    if (!column.qualifier.empty()) return absl::AsciiStrToLower(column.qualifier);
    for (const FromItem& item : from) {
      if (!column.table.empty() && absl::EqualsIgnoreCase(item.table, column.table)) {
        return absl::AsciiStrToLower(item.alias);
      }
    }
    return "";
  };
  auto unite = [&](const std::string& a, const std::string& b) {
    std::string ra = find(a);
    std::string rb = find(b);
    if (!ra.empty() && !rb.empty() && ra != rb) parent[ra] = rb;
  };
  for (const Predicate& join : joins) unite(item_of(join.column), item_of(join.other));
  for (const auto& [a, b] : using_joins) {
    unite(absl::AsciiStrToLower(a), absl::AsciiStrToLower(b));
  }
  const std::string root = find(absl::AsciiStrToLower(from.front().alias));
  std::vector<std::string> unconnected;
  for (const FromItem& item : from) {
    if (find(absl::AsciiStrToLower(item.alias)) != root) {
      unconnected.push_back(item.alias);
    }
  }
  return unconnected;
}

absl::StatusOr<QueryShape> AnalyzeQuery(absl::string_view sql) {
  absl::StatusOr<Value> tree = ParseSql(sql);
  if (!tree.ok()) return tree.status();
  std::vector<const Value*> statements = List(Field(&*tree, "stmts"));
  if (statements.size() != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "expected one SQL statement, found ", statements.size(), " in: ", sql));
  }
  const Value* statement = Field(statements[0], "stmt");
  QueryShape shape;
  ShapeReader reader(&shape);
  const std::string type = NodeType(statement);
  const Value* body = Field(statement, type);
  if (type == "SelectStmt") {
    shape.kind = "SELECT";
    reader.Select(body);
  } else if (type == "UpdateStmt" || type == "DeleteStmt") {
    shape.kind = type == "UpdateStmt" ? "UPDATE" : "DELETE";
    reader.From(Field(body, "relation"));
    for (const Value* item : List(Field(body, "fromClause"))) reader.From(item);
    for (const Value* item : List(Field(body, "usingClause"))) reader.From(item);
    reader.Predicates(Field(body, "whereClause"), false);
  } else if (type == "InsertStmt") {
    shape.kind = "INSERT";
  } else {
    shape.kind = type;
  }

  std::set<std::string> ctes;
  std::set<std::string> seen;
  Walk(*statement, [&](const std::string& node, const Value& value) {
    if (node == "CommonTableExpr") {
      ctes.insert(absl::AsciiStrToLower(String(Field(&value, "ctename"))));
    } else if (node == "ParamRef") {
      shape.parameter_locations.push_back(Int(Field(&value, "location"), -1));
    }
  });
  // In the order the query names them (struct fields have no order).
  std::vector<std::pair<int, std::string>> ranges;
  Walk(*statement, [&](const std::string& node, const Value& value) {
    if (node != "RangeVar") return;
    ranges.emplace_back(Int(Field(&value, "location"), -1),
                        String(Field(&value, "relname")));
  });
  std::sort(ranges.begin(), ranges.end());
  for (const auto& [location, name] : ranges) {
    const std::string key = absl::AsciiStrToLower(name);
    if (ctes.count(key) == 0 && seen.insert(key).second) {
      shape.tables.push_back(name);
    }
  }
  std::sort(shape.parameter_locations.begin(), shape.parameter_locations.end());
  return shape;
}

absl::Status ResolveColumns(const SchemaSnapshot& schema, QueryShape* shape) {
  for (const std::string& table : shape->tables) {
    if (schema.FindTable(table) == nullptr) {
      std::vector<std::string> names = schema.TableNames();
      return absl::FailedPreconditionError(absl::StrCat(
          "the query reads table \"", table,
          "\", which does not exist; the migrations define ",
          names.empty() ? "no tables"
                        : absl::StrCat("these tables: ", absl::StrJoin(names, ", "))));
    }
  }
  std::vector<const TableInfo*> from_tables;
  for (const FromItem& item : shape->from) {
    if (const TableInfo* table = schema.FindTable(item.table)) {
      from_tables.push_back(table);
    }
  }
  auto resolve = [&](ColumnUse* column) -> absl::Status {
    if (!column->qualifier.empty()) {
      const std::string table_name = shape->TableOf(column->qualifier);
      const TableInfo* table = schema.FindTable(table_name);
      if (table == nullptr) return absl::OkStatus();  // A subquery's column.
      const ColumnInfo* found = table->FindColumn(column->column);
      if (found == nullptr) {
        std::vector<std::string> names;
        for (const ColumnInfo& c : table->columns) names.push_back(c.name);
        return absl::FailedPreconditionError(absl::StrCat(
            "the query uses column ", column->qualifier, ".", column->column,
            ", but table ", table->name, " has no column \"", column->column,
            "\" (its columns: ", absl::StrJoin(names, ", "), ")"));
      }
      column->table = table->name;
      column->column = found->name;
      return absl::OkStatus();
    }
    std::vector<std::string> searched;
    for (const TableInfo* table : from_tables) {
      searched.push_back(table->name);
      if (const ColumnInfo* found = table->FindColumn(column->column)) {
        column->table = table->name;
        column->column = found->name;
        return absl::OkStatus();
      }
    }
    if (from_tables.size() != shape->from.size()) {
      return absl::OkStatus();  // Maybe a subquery's output column.
    }
    std::vector<std::string> columns;
    for (const TableInfo* table : from_tables) {
      for (const ColumnInfo& c : table->columns) {
        columns.push_back(absl::StrCat(table->name, ".", c.name));
      }
    }
    return absl::FailedPreconditionError(absl::StrCat(
        "the query uses column \"", column->column, "\", which none of ",
        absl::StrJoin(searched, ", "), " has (columns: ",
        absl::StrJoin(columns, ", "), ")"));
  };
  for (Predicate& predicate : shape->filters) {
    absl::Status status = resolve(&predicate.column);
    if (!status.ok()) return status;
  }
  for (Predicate& predicate : shape->joins) {
    absl::Status status = resolve(&predicate.column);
    if (status.ok()) status = resolve(&predicate.other);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

std::string NumberPlaceholders(absl::string_view sql) {
  std::string out;
  int next = 0;
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      size_t end = i + 1;
      while (end < sql.size()) {
        if (sql[end] == c) {
          if (end + 1 < sql.size() && sql[end + 1] == c) {
            end += 2;
            continue;
          }
          break;
        }
        ++end;
      }
      end = std::min(end + 1, sql.size());
      absl::StrAppend(&out, sql.substr(i, end - i));
      i = end;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      if (end == absl::string_view::npos) end = sql.size();
      absl::StrAppend(&out, sql.substr(i, end - i));
      i = end;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      size_t end = sql.find("*/", i + 2);
      end = end == absl::string_view::npos ? sql.size() : end + 2;
      absl::StrAppend(&out, sql.substr(i, end - i));
      i = end;
    } else if (c == '?') {
      absl::StrAppend(&out, "$", ++next);
      ++i;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

}  // namespace baton::agents::data
