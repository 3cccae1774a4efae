// Reads a schema-design request written in English into the entities and
// relationships it names:
//   "Design database schema for users and orders"
//   "Create ERD for users, orders and products"
//   "Design a schema for products with line items and soft delete"
//   "Design schema for customers (email, phone, date_of_birth) and invoices;
//    invoices belong to customers"
//   "Design the posts and tags tables; posts and tags are many-to-many"
// Entities are turned into plural snake_case table names; "soft delete"
// asks for deleted_at; "ERD"/"diagram" asks for a diagram (which alone, with
// no entity, means: draw the existing schema). A few domains stand for their
// usual entities ("an e-commerce store": users, products, orders,
// order_items; "a blog": users, posts, comments).
// Stateless; thread-safe.
#ifndef BATON_AGENTS_SCHEMA_DESIGN_REQUEST_H_
#define BATON_AGENTS_SCHEMA_DESIGN_REQUEST_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baton::agents::schema {

struct RequestedEntity {
  std::string phrase;  // As written, lower-cased: "line items".
  std::string table;   // "line_items".
  // Columns listed in parentheses after it, snake_case.
  std::vector<std::string> columns;
};

struct RequestedRelation {
  enum class Kind { kBelongsTo, kHasOne, kManyToMany };
  Kind kind = Kind::kBelongsTo;
  // kBelongsTo / kHasOne: `child` gets a column referencing `parent`.
  // kManyToMany: a link table joins the two.
  std::string child;
  std::string parent;
  std::string phrase;  // The clause as written.
};

struct DesignRequest {
  std::string text;
  std::vector<RequestedEntity> entities;  // In request order, no duplicates.
  std::vector<RequestedRelation> relations;
  bool soft_delete = false;
  bool wants_diagram = false;
};

// InvalidArgument when the request names nothing designable (no entity, and
// no diagram asked for); the message says what a designable request looks
// like.
absl::StatusOr<DesignRequest> ParseDesignRequest(absl::string_view text);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_DESIGN_REQUEST_H_
