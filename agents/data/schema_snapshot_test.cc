#include "agents/data/schema_snapshot.h"

#include <map>
#include <string>

#include "agents/data/sqlite_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::data {
namespace {

using ::baton::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;

SqliteDatabase Database(const std::string& sql) {
  absl::StatusOr<SqliteDatabase> db = SqliteDatabase::Open(":memory:");
  EXPECT_THAT(db, IsOk());
  EXPECT_THAT(db->Exec(sql), IsOk());
  return *std::move(db);
}

SchemaSnapshot Snapshot(SqliteDatabase& db) {
  absl::StatusOr<SchemaSnapshot> snapshot = TakeSchemaSnapshot(db);
  EXPECT_THAT(snapshot, IsOk());
  return snapshot.ok() ? *snapshot : SchemaSnapshot();
}

constexpr char kUsers[] =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, email varchar(255) NOT NULL,"
    " created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);"
    "CREATE UNIQUE INDEX idx_users_email ON users (email);"
    "CREATE TABLE posts (id INTEGER PRIMARY KEY,"
    " user_id INTEGER REFERENCES users (id) ON DELETE CASCADE);"
    "CREATE VIEW emails AS SELECT email FROM users;";

TEST(SchemaSnapshotTest, DescribesTablesColumnsIndexesKeysAndViews) {
  SqliteDatabase db = Database(kUsers);
  SchemaSnapshot snapshot = Snapshot(db);
  EXPECT_THAT(snapshot.TableNames(), ElementsAre("posts", "users"));
  EXPECT_EQ(snapshot.ToText(),
            "table posts\n"
            "column posts.id #1 INTEGER PRIMARY KEY(1)\n"
            "column posts.user_id #2 INTEGER\n"
            "foreign key posts (user_id) -> users(id) ON UPDATE NO ACTION "
            "ON DELETE CASCADE\n"
            "table users\n"
            "column users.id #1 INTEGER PRIMARY KEY(1)\n"
            "column users.email #2 VARCHAR(255) NOT NULL\n"
            "column users.created_at #3 TIMESTAMP DEFAULT CURRENT_TIMESTAMP\n"
            "index users.idx_users_email UNIQUE (email) origin=c\n"
            "view emails on emails: CREATE VIEW emails AS SELECT email FROM "
            "users");
  const TableInfo* users = snapshot.FindTable("USERS");
  ASSERT_NE(users, nullptr);
  ASSERT_NE(users->FindColumn("Email"), nullptr);
  EXPECT_TRUE(users->FindColumn("Email")->not_null);
  EXPECT_EQ(users->FindColumn("phone"), nullptr);
  EXPECT_EQ(snapshot.FindTable("userz"), nullptr);
}

TEST(SchemaSnapshotTest, SameStructureFromDifferentDdlCompareEqual) {
  SqliteDatabase created =
      Database("CREATE TABLE t (a INTEGER NOT NULL, b VARCHAR(20));");
  SqliteDatabase altered = Database(
      "CREATE TABLE t (a INTEGER NOT NULL);"
      "ALTER TABLE t ADD COLUMN b VARCHAR(20);");
  EXPECT_EQ(Snapshot(created), Snapshot(altered));
  EXPECT_EQ(DiffSnapshots(Snapshot(created), Snapshot(altered)), "");
}

TEST(SchemaSnapshotTest, DiffShowsWhatChanged) {
  SqliteDatabase before = Database(kUsers);
  SqliteDatabase after = Database(kUsers);
  ASSERT_THAT(after.Exec("ALTER TABLE users ADD COLUMN phone VARCHAR(20) NULL;"
                         "DROP INDEX idx_users_email;"),
              IsOk());
  SchemaSnapshot old_schema = Snapshot(before);
  SchemaSnapshot new_schema = Snapshot(after);
  EXPECT_FALSE(old_schema == new_schema);
  EXPECT_EQ(DiffSnapshots(old_schema, new_schema),
            "- index users.idx_users_email UNIQUE (email) origin=c\n"
            "+ column users.phone #4 VARCHAR(20)");
}

TEST(SchemaSnapshotTest, ColumnOrderMatters) {
  SqliteDatabase ab = Database("CREATE TABLE t (a INTEGER, b INTEGER);");
  SqliteDatabase ba = Database("CREATE TABLE t (b INTEGER, a INTEGER);");
  EXPECT_THAT(DiffSnapshots(Snapshot(ab), Snapshot(ba)),
              HasSubstr("- column t.a #1 INTEGER"));
}

TEST(SchemaSnapshotTest, EmptyDatabase) {
  SqliteDatabase db = Database("");
  SchemaSnapshot snapshot = Snapshot(db);
  EXPECT_TRUE(snapshot.empty());
  EXPECT_EQ(snapshot.ToText(), "");
  SqliteDatabase with_view = Database("CREATE VIEW v AS SELECT 1;");
  EXPECT_FALSE(Snapshot(with_view).empty());
}

TEST(SchemaSnapshotTest, CountsRowsPerTable) {
  SqliteDatabase db = Database(kUsers);
  ASSERT_THAT(
      db.Exec("INSERT INTO users (id, email) VALUES (1, 'a'), (2, 'b');"),
      IsOk());
  absl::StatusOr<std::map<std::string, int64_t>> counts = CountRowsPerTable(db);
  ASSERT_THAT(counts, IsOk());
  EXPECT_THAT(*counts, ElementsAre(Pair("posts", 0), Pair("users", 2)));
  EXPECT_THAT(*counts, Not(::testing::Contains(Pair("emails", ::testing::_))));
}

}  // namespace
}  // namespace baton::agents::data
