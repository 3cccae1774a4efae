#include "agents/schema/entity_catalog.h"

#include <map>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "agents/schema/naming.h"

namespace baton::agents::schema {
namespace {

ColumnTemplate Required(std::string name, std::string type,
                        std::string default_sql = "", std::string check = "") {
  return {std::move(name), std::move(type), true, std::move(default_sql), false,
          std::move(check)};
}
ColumnTemplate Unique(std::string name, std::string type) {
  return {std::move(name), std::move(type), true, "", true, ""};
}
ColumnTemplate Optional(std::string name, std::string type) {
  return {std::move(name), std::move(type), false, "", false, ""};
}
ParentTemplate Parent(std::vector<std::string> tables, std::string on_delete,
                      bool required = true) {
  return {std::move(tables), required, std::move(on_delete), false, ""};
}
// Customers when the design has them, else users (added when missing).
ParentTemplate Person(std::string on_delete) {
  return {{"customers", "users"}, true, std::move(on_delete), false, "users"};
}

std::map<std::string, EntityTemplate> BuildCatalog() {
  const ColumnTemplate email = Unique("email", "VARCHAR(255)");
  const ColumnTemplate name = Required("name", "VARCHAR(255)");
  const ColumnTemplate quantity =
      Required("quantity", "INTEGER", "", "quantity > 0");
  const ColumnTemplate unit_price =
      Required("unit_price", "DECIMAL(10,2)", "", "unit_price >= 0");
  std::vector<EntityTemplate> entities = {
      {"users", {email, name}, {}},
      {"customers", {email, name, Optional("phone", "VARCHAR(20)")}, {}},
      {"products",
       {Unique("sku", "VARCHAR(64)"), name, Optional("description", "TEXT"),
        Required("price", "DECIMAL(10,2)", "", "price >= 0")},
       {Parent({"categories"}, "SET NULL", /*required=*/false)}},
      {"categories",
       {Required("name", "VARCHAR(100)"), Unique("slug", "VARCHAR(100)")},
       {}},
      {"orders",
       {Required("status", "VARCHAR(20)", "'pending'"),
        Required("total", "DECIMAL(10,2)", "0", "total >= 0")},
       {Person("RESTRICT")}},
      {"order_items",
       {quantity, unit_price},
       {Parent({"orders"}, "CASCADE"), Parent({"products"}, "RESTRICT")}},
      {"line_items",
       {quantity, unit_price},
       {Parent({"orders", "invoices"}, "CASCADE"),
        Parent({"products"}, "RESTRICT")}},
      {"payments",
       {Required("amount", "DECIMAL(10,2)", "", "amount >= 0"),
        Required("currency", "CHAR(3)", "'USD'"),
        Required("status", "VARCHAR(20)", "'pending'"),
        Optional("paid_at", "TIMESTAMP")},
       {Parent({"orders", "invoices"}, "RESTRICT")}},
      {"invoices",
       {Unique("number", "VARCHAR(32)"),
        Required("amount_due", "DECIMAL(10,2)", "", "amount_due >= 0"),
        Optional("due_at", "TIMESTAMP")},
       {Person("RESTRICT")}},
      {"addresses",
       {Required("line1", "VARCHAR(255)"), Optional("line2", "VARCHAR(255)"),
        Required("city", "VARCHAR(100)"), Required("postal_code", "VARCHAR(20)"),
        Required("country", "CHAR(2)")},
       {Person("CASCADE")}},
      {"shipments",
       {Required("carrier", "VARCHAR(50)"),
        Optional("tracking_number", "VARCHAR(64)"),
        Optional("shipped_at", "TIMESTAMP"),
        Optional("delivered_at", "TIMESTAMP")},
       {Parent({"orders"}, "RESTRICT")}},
      {"carts",
       {Required("status", "VARCHAR(20)", "'open'")},
       {Person("CASCADE")}},
      {"cart_items",
       {quantity},
       {Parent({"carts"}, "CASCADE"), Parent({"products"}, "RESTRICT")}},
      {"reviews",
       {Required("rating", "INTEGER", "", "rating BETWEEN 1 AND 5"),
        Optional("body", "TEXT")},
       {Parent({"products"}, "CASCADE"), Parent({"users", "customers"}, "CASCADE")}},
      {"posts",
       {Required("title", "VARCHAR(255)"), Required("body", "TEXT"),
        Optional("published_at", "TIMESTAMP")},
       {Parent({"users", "authors"}, "RESTRICT")}},
      {"comments",
       {Required("body", "TEXT")},
       {Parent({"posts"}, "CASCADE"), Parent({"users"}, "RESTRICT")}},
      {"tags", {Unique("name", "VARCHAR(50)")}, {}},
      {"authors", {name, Optional("bio", "TEXT")}, {}},
      {"teams", {name}, {}},
      {"organizations", {name}, {}},
      {"projects",
       {name, Optional("description", "TEXT")},
       {Parent({"teams", "organizations"}, "SET NULL", /*required=*/false)}},
      {"tasks",
       {Required("title", "VARCHAR(255)"),
        Required("status", "VARCHAR(20)", "'todo'"), Optional("due_at", "TIMESTAMP")},
       {Parent({"projects"}, "CASCADE"),
        Parent({"users"}, "SET NULL", /*required=*/false)}},
      {"departments", {Unique("name", "VARCHAR(100)")}, {}},
      {"employees",
       {email, name, Optional("hired_on", "DATE")},
       {Parent({"departments"}, "RESTRICT")}},
      {"students", {email, name}, {}},
      {"courses",
       {Unique("code", "VARCHAR(20)"), Required("title", "VARCHAR(255)")},
       {}},
      {"enrollments",
       {Required("enrolled_at", "TIMESTAMP", "CURRENT_TIMESTAMP")},
       {Parent({"students"}, "CASCADE"), Parent({"courses"}, "CASCADE")}},
      {"subscriptions",
       {Required("plan", "VARCHAR(50)"),
        Required("status", "VARCHAR(20)", "'active'"),
        Required("started_at", "TIMESTAMP", "CURRENT_TIMESTAMP"),
        Optional("ends_at", "TIMESTAMP")},
       {Person("CASCADE")}},
      {"sessions",
       {Unique("token_hash", "VARCHAR(64)"), Required("expires_at", "TIMESTAMP")},
       {Parent({"users"}, "CASCADE")}},
      {"profiles",
       {Optional("bio", "TEXT"), Optional("avatar_url", "VARCHAR(2048)")},
       {{{"users", "customers"}, true, "CASCADE", /*one_to_one=*/true, ""}}},
      {"roles", {Unique("name", "VARCHAR(50)")}, {}},
      {"notifications",
       {Required("body", "TEXT"), Optional("read_at", "TIMESTAMP")},
       {Parent({"users"}, "CASCADE")}},
      {"suppliers", {name, Optional("email", "VARCHAR(255)")}, {}},
      {"events",
       {name, Required("starts_at", "TIMESTAMP"), Optional("ends_at", "TIMESTAMP")},
       {}},
  };
  std::map<std::string, EntityTemplate> catalog;
  for (EntityTemplate& entity : entities) {
    std::string table = entity.table;
    catalog.emplace(std::move(table), std::move(entity));
  }
  return catalog;
}

const std::map<std::string, EntityTemplate>& Catalog() {
  static const auto* const catalog =
      new std::map<std::string, EntityTemplate>(BuildCatalog());
  return *catalog;
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

}  // namespace

const EntityTemplate* FindEntityTemplate(absl::string_view table) {
  auto it = Catalog().find(ToSnakeCase(table));
  return it == Catalog().end() ? nullptr : &it->second;
}

const std::vector<LinkTemplate>& KnownLinks() {
  static const auto* const links = new std::vector<LinkTemplate>{
      {"posts", "tags", "post_tags"},
      {"products", "tags", "product_tags"},
      {"users", "roles", "user_roles"},
  };
  return *links;
}

ColumnTemplate ChooseColumn(absl::string_view table, absl::string_view name) {
  const std::string column = ToSnakeCase(name);
  if (const EntityTemplate* entity = FindEntityTemplate(table)) {
    for (const ColumnTemplate& candidate : entity->columns) {
      if (candidate.name == column) return candidate;
    }
  }
  const std::vector<std::string> words =
      absl::StrSplit(column, '_', absl::SkipEmpty());
  ColumnTemplate choice{column, "VARCHAR(255)", false, "", false, ""};
  auto ends = [&](absl::string_view suffix) {
    return absl::EndsWith(column, suffix);
  };
  if (column == "email" || ends("_email")) {
    choice.type = "VARCHAR(255)";
  } else if (HasWord(words, {"phone", "mobile", "fax"})) {
    choice.type = "VARCHAR(20)";
  } else if (ends("_at")) {
    choice.type = "TIMESTAMP";
  } else if (ends("_date") || ends("_on") || column == "date" ||
             HasWord(words, {"dob", "birthday", "birthdate"}) ||
             column == "date_of_birth") {
    choice.type = "DATE";
  } else if (absl::StartsWith(column, "is_") || absl::StartsWith(column, "has_") ||
             absl::StartsWith(column, "can_")) {
    choice.type = "BOOLEAN";
    choice.required = true;
    choice.default_sql = "FALSE";
  } else if (HasWord(words, {"count", "quantity", "qty", "stock"})) {
    choice.type = "INTEGER";
    choice.check = absl::StrCat(column, " >= 0");
  } else if (HasWord(words, {"price", "amount", "total", "cost", "balance",
                             "fee", "salary", "subtotal"})) {
    choice.type = "DECIMAL(10,2)";
    choice.check = absl::StrCat(column, " >= 0");
  } else if (HasWord(words, {"rating", "score", "age", "position", "rank",
                             "priority", "year"})) {
    choice.type = "INTEGER";
  } else if (ends("_id")) {
    choice.type = "INTEGER";
  } else if (HasWord(words, {"description", "body", "content", "notes", "bio",
                             "summary", "text", "comment", "message"})) {
    choice.type = "TEXT";
  } else if (HasWord(words, {"url", "website", "link"})) {
    choice.type = "VARCHAR(2048)";
  } else if (HasWord(words, {"currency"})) {
    choice.type = "CHAR(3)";
  } else if (column == "country" || column == "country_code") {
    choice.type = "CHAR(2)";
  } else if (HasWord(words, {"status", "state"})) {
    choice.type = "VARCHAR(20)";
  } else if (HasWord(words, {"slug", "sku", "code"})) {
    choice.type = "VARCHAR(64)";
  } else if (HasWord(words, {"zip", "postcode", "postal"})) {
    choice.type = "VARCHAR(20)";
  } else if (HasWord(words, {"latitude", "longitude", "lat", "lng", "weight",
                             "height", "width", "length"})) {
    choice.type = "DECIMAL(12,6)";
  }
  return choice;
}

}  // namespace baton::agents::schema
