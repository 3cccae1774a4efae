#include "agents/data/migration_writer.h"

#include <string>

#include "agents/data/migration_request.h"
#include "agents/data/schema_snapshot.h"
#include "agents/data/sqlite_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::data {
namespace {

using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kSchema[] =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(255) NOT NULL,"
    " legacy_phone VARCHAR(30), name TEXT);"
    "CREATE UNIQUE INDEX idx_users_email ON users (email);"
    "CREATE TABLE roles (id INTEGER PRIMARY KEY, name TEXT);"
    "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER);";

// The schema after `sql`, on an in-memory database.
SchemaSnapshot SchemaOf(const std::string& sql) {
  absl::StatusOr<SqliteDatabase> db = SqliteDatabase::Open(":memory:");
  EXPECT_THAT(db, IsOk());
  EXPECT_THAT(db->Exec(sql), IsOk());
  absl::StatusOr<SchemaSnapshot> snapshot = TakeSchemaSnapshot(*db);
  EXPECT_THAT(snapshot, IsOk());
  return snapshot.ok() ? *snapshot : SchemaSnapshot();
}

absl::StatusOr<GeneratedMigration> Generate(const std::string& text) {
  absl::StatusOr<MigrationRequest> request = ParseMigrationRequest(text);
  EXPECT_THAT(request, IsOk());
  if (!request.ok()) return request.status();
  return GenerateMigration(*request, SchemaOf(kSchema));
}

TEST(MigrationWriterTest, AddColumnIsPhaseOneNullableWithDropAsDown) {
  absl::StatusOr<GeneratedMigration> generated =
      Generate("Add 'phone_number' column to users table");
  ASSERT_THAT(generated, IsOk());
  EXPECT_EQ(generated->migration.name, "add_phone_number_to_users");
  EXPECT_EQ(generated->change, "ADD COLUMN phone_number VARCHAR(20) NULL");
  EXPECT_EQ(generated->table, "users");
  EXPECT_EQ(generated->migration.sql.up,
            "ALTER TABLE users ADD COLUMN phone_number VARCHAR(20) NULL;");
  EXPECT_EQ(generated->migration.sql.down,
            "ALTER TABLE users DROP COLUMN phone_number;");
  ASSERT_GE(generated->migration.header.size(), 2u);
  EXPECT_EQ(generated->migration.header[0],
            "Request: Add 'phone_number' column to users table");
  EXPECT_THAT(generated->migration.header[1],
              HasSubstr("Zero-downtime phase 1 (data card): add "
                        "users.phone_number as a NULLable VARCHAR(20) (type "
                        "inferred from the name)"));
}

TEST(MigrationWriterTest, GeneratedSqlRoundTripsOnSqlite) {
  absl::StatusOr<GeneratedMigration> generated =
      Generate("Add is_active column to users");
  ASSERT_THAT(generated, IsOk());
  absl::StatusOr<SqliteDatabase> db = SqliteDatabase::Open(":memory:");
  ASSERT_THAT(db, IsOk());
  ASSERT_THAT(db->Exec(kSchema), IsOk());
  ASSERT_THAT(db->Exec(generated->migration.sql.up), IsOk());
  absl::StatusOr<SchemaSnapshot> after_up = TakeSchemaSnapshot(*db);
  ASSERT_THAT(after_up, IsOk());
  ASSERT_NE(after_up->FindTable("users")->FindColumn("is_active"), nullptr);
  EXPECT_EQ(after_up->FindTable("users")->FindColumn("is_active")->type,
            "BOOLEAN");
  ASSERT_THAT(db->Exec(generated->migration.sql.down), IsOk());
  absl::StatusOr<SchemaSnapshot> after_down = TakeSchemaSnapshot(*db);
  ASSERT_THAT(after_down, IsOk());
  EXPECT_EQ(*after_down, SchemaOf(kSchema));
}

TEST(MigrationWriterTest, MissingTableListsTheTablesThatExist) {
  EXPECT_THAT(Generate("Add phone_number column to userz table"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("table \"userz\" does not exist; the "
                                 "migrations define these tables: orders, "
                                 "roles, users")));
}

TEST(MigrationWriterTest, ExistingColumnIsRefused) {
  EXPECT_THAT(Generate("Add EMAIL column to users table"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("column users.email already exists "
                                 "(VARCHAR(255) NOT NULL)")));
}

TEST(MigrationWriterTest, ReservedWordsAreQuoted) {
  absl::StatusOr<GeneratedMigration> generated =
      Generate("Add order column to roles table (INTEGER)");
  ASSERT_THAT(generated, IsOk());
  EXPECT_EQ(generated->migration.sql.up,
            "ALTER TABLE roles ADD COLUMN \"order\" INTEGER NULL;");
}

// Found by testing/fuzz/migration_request_fuzz: PostgreSQL reserves INTO
// (and ~90 more words) that the short list used to leave bare.
TEST(MigrationWriterTest, EveryPostgresReservedWordIsQuoted) {
  absl::StatusOr<MigrationRequest> request = ParseMigrationRequest("Add index on orders (into)");
  ASSERT_THAT(request, IsOk());
  absl::StatusOr<GeneratedMigration> generated = GenerateMigration(
      *request, SchemaOf("CREATE TABLE orders (id INTEGER PRIMARY KEY, \"into\" TEXT);"),
      SqlDialect::kPostgres);
  ASSERT_THAT(generated, IsOk());
  EXPECT_THAT(generated->migration.sql.up, HasSubstr("ON orders (\"into\");"));
  absl::StatusOr<GeneratedMigration> analyze = Generate("Add analyze column to roles table (TEXT)");
  ASSERT_THAT(analyze, IsOk());
  EXPECT_EQ(analyze->migration.sql.up, "ALTER TABLE roles ADD COLUMN \"analyze\" TEXT NULL;");
}

TEST(MigrationWriterTest, TableNamesThatAreNotPlainIdentifiersAreQuoted) {
  absl::StatusOr<MigrationRequest> request = ParseMigrationRequest("Add note column to t table");
  ASSERT_THAT(request, IsOk());
  request->table = "Order Items";  // As a schema may spell it.
  absl::StatusOr<GeneratedMigration> generated = GenerateMigration(
      *request, SchemaOf("CREATE TABLE \"Order Items\" (id INTEGER PRIMARY KEY);"));
  ASSERT_THAT(generated, IsOk());
  EXPECT_EQ(generated->migration.sql.up,
            "ALTER TABLE \"Order Items\" ADD COLUMN note VARCHAR(255) NULL;");
}

TEST(MigrationWriterTest, AddIndex) {
  absl::StatusOr<GeneratedMigration> generated =
      Generate("Add index on orders.user_id");
  ASSERT_THAT(generated, IsOk());
  EXPECT_EQ(generated->migration.name, "add_index_on_orders_user_id");
  EXPECT_EQ(
      generated->migration.sql.up,
      "CREATE INDEX IF NOT EXISTS idx_orders_user_id ON orders (user_id);");
  EXPECT_EQ(generated->migration.sql.down,
            "DROP INDEX IF EXISTS idx_orders_user_id;");
  EXPECT_THAT(Generate("Add index on users.email"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("users.email is already indexed by "
                                 "idx_users_email")));
  EXPECT_THAT(Generate("Add index on orders.total"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("table orders has no column total")));
}

TEST(MigrationWriterTest, DropColumnRestoresTypeInDown) {
  absl::StatusOr<GeneratedMigration> generated =
      Generate("Drop legacy_phone from users");
  ASSERT_THAT(generated, IsOk());
  EXPECT_EQ(generated->migration.sql.up,
            "ALTER TABLE users DROP COLUMN legacy_phone;");
  EXPECT_EQ(generated->migration.sql.down,
            "ALTER TABLE users ADD COLUMN legacy_phone VARCHAR(30) NULL;");
  EXPECT_THAT(generated->migration.header,
              ::testing::Contains(HasSubstr("not its data")));
  EXPECT_THAT(Generate("Drop email from users"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("indexed by idx_users_email")));
  EXPECT_THAT(Generate("Drop fax from users"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("table users has no column fax (its columns: "
                                 "id, email, legacy_phone, name)")));
}

TEST(MigrationWriterTest, PostgresDialectIsIdempotentAndBuildsIndexesConcurrently) {
  const SchemaSnapshot schema = SchemaOf(kSchema);
  absl::StatusOr<MigrationRequest> add = ParseMigrationRequest("Add phone_number column to users");
  ASSERT_THAT(add, IsOk());
  absl::StatusOr<GeneratedMigration> column =
      GenerateMigration(*add, schema, SqlDialect::kPostgres);
  ASSERT_THAT(column, IsOk());
  EXPECT_EQ(column->migration.sql.up,
            "ALTER TABLE users ADD COLUMN IF NOT EXISTS phone_number VARCHAR(20) NULL;");
  EXPECT_EQ(column->migration.sql.down,
            "ALTER TABLE users DROP COLUMN IF EXISTS phone_number;");
  EXPECT_FALSE(column->migration.outside_transaction);

  absl::StatusOr<MigrationRequest> index = ParseMigrationRequest("Add index on orders.user_id");
  ASSERT_THAT(index, IsOk());
  absl::StatusOr<GeneratedMigration> concurrent =
      GenerateMigration(*index, schema, SqlDialect::kPostgres);
  ASSERT_THAT(concurrent, IsOk());
  EXPECT_EQ(concurrent->migration.sql.up,
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_user_id ON orders (user_id);");
  EXPECT_EQ(concurrent->migration.sql.down,
            "DROP INDEX CONCURRENTLY IF EXISTS idx_orders_user_id;");
  EXPECT_TRUE(concurrent->migration.outside_transaction);

  absl::StatusOr<MigrationRequest> drop =
      ParseMigrationRequest("Drop legacy_phone from users");
  ASSERT_THAT(drop, IsOk());
  absl::StatusOr<GeneratedMigration> dropped =
      GenerateMigration(*drop, schema, SqlDialect::kPostgres);
  ASSERT_THAT(dropped, IsOk());
  EXPECT_EQ(dropped->migration.sql.up, "ALTER TABLE users DROP COLUMN IF EXISTS legacy_phone;");
  EXPECT_EQ(dropped->migration.sql.down,
            "ALTER TABLE users ADD COLUMN IF NOT EXISTS legacy_phone VARCHAR(30) NULL;");
}

}  // namespace
}  // namespace baton::agents::data
