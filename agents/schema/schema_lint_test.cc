#include "agents/schema/schema_lint.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "agents/schema/schema_builder.h"
#include "agents/schema/schema_loader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::schema {
namespace {

using ::baton::handoff::Finding;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Property;

LoadedSchema Load(const std::string& sql) {
  absl::StatusOr<SchemaBuilder> builder = SchemaBuilder::Create();
  EXPECT_TRUE(builder.ok());
  absl::Status status = builder->Apply(sql, "schema.sql", 1, {});
  EXPECT_TRUE(status.ok()) << status;
  absl::StatusOr<LoadedSchema> schema = builder->Finish("test");
  EXPECT_TRUE(schema.ok()) << schema.status();
  return *std::move(schema);
}

std::vector<Finding> Lint(const std::string& sql, const std::string& table = "") {
  LintOptions options;
  if (!table.empty()) options.tables = {table};
  options.agent = "qa-specialist";
  return LintSchema(Load(sql), options);
}

std::vector<Finding> WithRule(const std::vector<Finding>& findings,
                              const std::string& rule) {
  std::vector<Finding> out;
  for (const Finding& finding : findings) {
    if (finding.rule() == rule) out.push_back(finding);
  }
  return out;
}

// A table that breaks no rule, to build on.
constexpr char kUsers[] =
    "CREATE TABLE users (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  email VARCHAR(255) NOT NULL,\n"
    "  name VARCHAR(255) NOT NULL,\n"
    "  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
    "  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
    ");\n"
    "CREATE UNIQUE INDEX idx_users_email ON users (email);\n";

TEST(SchemaLintTest, WellDesignedSchemaIsClean) {
  EXPECT_THAT(Lint(absl::StrCat(
                  kUsers,
                  "CREATE TABLE orders (\n"
                  "  id INTEGER PRIMARY KEY,\n"
                  "  user_id INTEGER NOT NULL REFERENCES users (id),\n"
                  "  total DECIMAL(10,2) NOT NULL,\n"
                  "  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
                  "  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
                  ");\n"
                  "CREATE INDEX idx_orders_user_id ON orders (user_id);\n")),
              IsEmpty());
}

TEST(SchemaLintTest, FixtureMigrationsOnlyMissRolesUpdatedAt) {
  absl::StatusOr<LoadedSchema> schema =
      LoadMigrationSchema("testing/fixtures/data_repo");
  ASSERT_TRUE(schema.ok()) << schema.status();
  std::vector<Finding> findings = LintSchema(*schema);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule(), "missing-audit-columns");
  EXPECT_EQ(findings[0].location(),
            "database/migrations/003_add_roles_table.sql:4");
  EXPECT_EQ(findings[0].message(), "table roles has no updated_at column");
}

TEST(SchemaLintTest, MissingPrimaryKey) {
  std::vector<Finding> findings = WithRule(
      Lint("CREATE TABLE logs (\n  message TEXT NOT NULL,\n"
           "  created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);"),
      "missing-primary-key");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity(), Finding::ERROR);
  EXPECT_EQ(findings[0].location(), "schema.sql:1");
  EXPECT_EQ(findings[0].message(), "table logs has no primary key");
  EXPECT_THAT(findings[0].fix(), HasSubstr("id INTEGER PRIMARY KEY"));
  EXPECT_EQ(findings[0].agent(), "qa-specialist");
  EXPECT_THAT(WithRule(Lint(kUsers), "missing-primary-key"), IsEmpty());
}

TEST(SchemaLintTest, MissingForeignKey) {
  std::vector<Finding> findings = Lint(absl::StrCat(
      kUsers,
      "CREATE TABLE orders (\n  id INTEGER PRIMARY KEY,\n"
      "  user_id INTEGER NOT NULL,\n"
      "  coupon_id INTEGER,\n"  // No coupons table: not a finding.
      "  created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);\n"
      "CREATE INDEX idx_orders_user ON orders (user_id);"));
  std::vector<Finding> missing = WithRule(findings, "missing-foreign-key");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].severity(), Finding::ERROR);
  EXPECT_EQ(missing[0].location(), "schema.sql:11");
  EXPECT_THAT(missing[0].message(),
              HasSubstr("orders.user_id refers to users by name but has no foreign key"));
  EXPECT_THAT(missing[0].fix(), HasSubstr("REFERENCES users (id)"));
  // Declared: no finding.
  EXPECT_THAT(WithRule(Lint(absl::StrCat(kUsers,
                                         "CREATE TABLE orders (id INTEGER PRIMARY KEY, "
                                         "user_id INTEGER NOT NULL REFERENCES users);")),
                       "missing-foreign-key"),
              IsEmpty());
}

TEST(SchemaLintTest, GodTable) {
  std::string sql = "CREATE TABLE everything (id INTEGER PRIMARY KEY";
  for (int i = 1; i < 50; ++i) absl::StrAppend(&sql, ", c", i, " INTEGER");
  std::vector<Finding> wide = WithRule(Lint(sql + ");"), "god-table");
  ASSERT_EQ(wide.size(), 1u);
  EXPECT_EQ(wide[0].severity(), Finding::WARNING);
  EXPECT_THAT(wide[0].message(), HasSubstr("has 50 columns"));
  // 49 columns: fine.
  std::string narrow = "CREATE TABLE almost (id INTEGER PRIMARY KEY";
  for (int i = 1; i < 49; ++i) absl::StrAppend(&narrow, ", c", i, " INTEGER");
  EXPECT_THAT(WithRule(Lint(narrow + ");"), "god-table"), IsEmpty());
}

TEST(SchemaLintTest, EntityAttributeValue) {
  std::vector<Finding> eav = WithRule(
      Lint("CREATE TABLE product_attributes (id INTEGER PRIMARY KEY, "
           "entity_id INTEGER NOT NULL, attribute VARCHAR(50) NOT NULL, "
           "value TEXT, created_at TIMESTAMP);"),
      "eav-table");
  ASSERT_EQ(eav.size(), 1u);
  EXPECT_THAT(eav[0].message(), HasSubstr("(entity_id, attribute, value)"));
  // Key/value settings without an entity, and ordinary tables: no finding.
  EXPECT_THAT(WithRule(Lint("CREATE TABLE settings (id INTEGER PRIMARY KEY, "
                            "key VARCHAR(50), value TEXT);"),
                       "eav-table"),
              IsEmpty());
  EXPECT_THAT(WithRule(Lint(kUsers), "eav-table"), IsEmpty());
}

TEST(SchemaLintTest, TextForEverything) {
  std::vector<Finding> findings =
      Lint("CREATE TABLE orders (id VARCHAR(36) PRIMARY KEY, "
           "customer VARCHAR(255), total VARCHAR(20), placed_at TEXT, "
           "note TEXT, created_at TIMESTAMP);");
  std::vector<Finding> table = WithRule(findings, "text-for-everything");
  ASSERT_EQ(table.size(), 1u);
  EXPECT_EQ(table[0].message(),
            "5 of 6 columns of orders are VARCHAR/TEXT, including id, total, "
            "placed_at");
  // Reported once per table, not again column by column.
  EXPECT_THAT(WithRule(findings, "text-typed-value"), IsEmpty());
  EXPECT_THAT(WithRule(Lint(kUsers), "text-for-everything"), IsEmpty());
}

TEST(SchemaLintTest, TextTypedValues) {
  std::vector<Finding> findings = WithRule(
      Lint(absl::StrCat(
          kUsers,
          "CREATE TABLE payments (\n  id INTEGER PRIMARY KEY,\n"
          "  user_id TEXT NOT NULL REFERENCES users (id),\n"
          "  amount VARCHAR(20) NOT NULL,\n  paid_at TEXT,\n"
          "  is_refunded CHAR(1),\n  quantity INTEGER,\n"
          "  currency_code CHAR(3),\n  external_uuid TEXT,\n"
          "  created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);"
          "CREATE INDEX i ON payments (user_id);")),
      "text-typed-value");
  ASSERT_EQ(findings.size(), 4u);
  EXPECT_EQ(findings[0].message(),
            "payments.user_id holds a reference to users.id but is declared TEXT");
  EXPECT_EQ(findings[0].location(), "schema.sql:11");
  EXPECT_THAT(findings[1].message(), HasSubstr("payments.amount holds an amount of money"));
  EXPECT_THAT(findings[1].fix(), HasSubstr("DECIMAL(10,2)"));
  EXPECT_THAT(findings[2].message(), HasSubstr("paid_at holds a date or time"));
  EXPECT_THAT(findings[3].message(), HasSubstr("is_refunded holds a flag"));
}

TEST(SchemaLintTest, MissingAuditColumns) {
  std::vector<Finding> findings = WithRule(
      Lint("CREATE TABLE tags (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);"),
      "missing-audit-columns");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message(), "table tags has no created_at or updated_at column");
  // A link table needs only created_at.
  EXPECT_THAT(WithRule(Lint(absl::StrCat(
                           kUsers,
                           "CREATE TABLE tags (id INTEGER PRIMARY KEY, "
                           "created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);"
                           "CREATE TABLE user_tags (user_id INTEGER NOT NULL REFERENCES users, "
                           "tag_id INTEGER NOT NULL REFERENCES tags, "
                           "created_at TIMESTAMP NOT NULL, PRIMARY KEY (user_id, tag_id));"
                           "CREATE INDEX i ON user_tags (tag_id);")),
                       "missing-audit-columns"),
              IsEmpty());
}

TEST(SchemaLintTest, NullableRequiredFields) {
  std::vector<Finding> findings = WithRule(
      Lint("CREATE TABLE customers (\n  id INTEGER PRIMARY KEY,\n"
           "  email VARCHAR(255),\n  nickname VARCHAR(50),\n"
           "  created_at TIMESTAMP,\n  updated_at TIMESTAMP NOT NULL);\n"
           "CREATE TABLE products (id INTEGER PRIMARY KEY, sku VARCHAR(64) UNIQUE, "
           "description TEXT, created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);"),
      "nullable-required-field");
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].message(),
            "customers.email allows NULL, but every customer needs one");
  EXPECT_EQ(findings[0].location(), "schema.sql:3");
  EXPECT_THAT(findings[1].message(),
              HasSubstr("customers.created_at allows NULL, but an audit column"));
  EXPECT_THAT(findings[2].message(),
              HasSubstr("products.sku allows NULL, but it is a unique key"));
  // nickname, description, and NOT NULL columns are not reported.
  for (const Finding& finding : findings) {
    EXPECT_THAT(finding.message(), Not(HasSubstr("nickname")));
    EXPECT_THAT(finding.message(), Not(HasSubstr("description")));
  }
  EXPECT_THAT(WithRule(Lint(kUsers), "nullable-required-field"), IsEmpty());
}

TEST(SchemaLintTest, TooManyIndexes) {
  std::string sql =
      "CREATE TABLE events (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, "
      "c INTEGER, d INTEGER, e INTEGER, f INTEGER, g INTEGER, h INTEGER, "
      "i INTEGER, j INTEGER, k INTEGER, l INTEGER, "
      "created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);";
  for (char c : std::string("abcdef")) {
    absl::StrAppend(&sql, "CREATE INDEX idx_", std::string(1, c), " ON events (",
                    std::string(1, c), ");");
  }
  std::vector<Finding> findings = WithRule(Lint(sql), "too-many-indexes");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].message(),
              HasSubstr("has 6 indexes besides its primary key for 15 columns"));
  // Three indexes on a four-column table: more than half the columns.
  EXPECT_EQ(WithRule(Lint("CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b INT, "
                          "c INT); CREATE INDEX i1 ON t (a); CREATE INDEX i2 ON t (b);"
                          "CREATE INDEX i3 ON t (c);"),
                     "too-many-indexes")
                .size(),
            1u);
  EXPECT_THAT(WithRule(Lint(kUsers), "too-many-indexes"), IsEmpty());
}

TEST(SchemaLintTest, UnindexedForeignKey) {
  const std::string orders = absl::StrCat(
      kUsers,
      "CREATE TABLE orders (\n  id INTEGER PRIMARY KEY,\n"
      "  user_id INTEGER NOT NULL REFERENCES users (id),\n"
      "  created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);\n");
  std::vector<Finding> findings = WithRule(Lint(orders), "unindexed-foreign-key");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].location(), "schema.sql:11");
  EXPECT_EQ(findings[0].fix(),
            "CREATE INDEX IF NOT EXISTS idx_orders_user_id ON orders (user_id);");
  EXPECT_THAT(WithRule(Lint(orders + "CREATE INDEX x ON orders (user_id, created_at);"),
                       "unindexed-foreign-key"),
              IsEmpty());
  // The leading column of a composite primary key is indexed by it.
  EXPECT_THAT(WithRule(Lint(absl::StrCat(
                           kUsers,
                           "CREATE TABLE sessions (user_id INTEGER NOT NULL REFERENCES users, "
                           "n INTEGER NOT NULL, PRIMARY KEY (user_id, n));")),
                       "unindexed-foreign-key"),
              IsEmpty());
}

TEST(SchemaLintTest, OnlyTheTablesAsked) {
  const std::string sql = "CREATE TABLE a (x INT); CREATE TABLE b (y INT);";
  EXPECT_THAT(Lint(sql, "B"),
              Contains(Property(&Finding::location, "schema.sql:1")));
  for (const Finding& finding : Lint(sql, "b")) {
    EXPECT_THAT(finding.message(), Not(HasSubstr("table a ")));
  }
  EXPECT_EQ(CountAtLeast(Lint(sql), Finding::ERROR), 2);
  EXPECT_EQ(LintRules().size(), 10u);
}

}  // namespace
}  // namespace baton::agents::schema
