// The source reader, batch copy and data validation on a real MariaDB and a
// real PostgreSQL (BATON_TEST_MARIADB_URL, BATON_TEST_POSTGRES_URL).
#include <string>

#include "absl/strings/str_cat.h"
#include "agents/data/postgres_database.h"
#include "agents/migration/batch_copier.h"
#include "agents/migration/data_validator.h"
#include "agents/migration/mysql_source.h"
#include "agents/migration/schema_translator.h"
#include "agents/migration/source_schema.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/mariadb/shop_seed.h"
#include "testing/mariadb/test_database.h"
#include "testing/postgres/test_database.h"
#include "testing/status_matchers.h"

namespace baton::agents::migration {
namespace {

using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class MigrationServersTest : public baton::testing::PostgresTest {
 protected:
  void SetUp() override {
    PostgresTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    if (!mariadb_.Create()) return;
    mariadb_.Exec(baton::testing::ShopSeedSql());
  }

  // Reads, translates, creates the tables and copies; returns the translation.
  Translation Migrate(MysqlSource& source, data::PostgresDatabase& target, CopyReport* report) {
    absl::StatusOr<SourceSchema> schema = ReadSourceSchema(source);
    EXPECT_TRUE(schema.ok()) << schema.status();
    Translation translation = TranslateSchema(*schema);
    EXPECT_THAT(target.Exec(translation.schema_up), IsOk());
    absl::StatusOr<CopyReport> copy = CopyData(source, target, translation, CopyOptions());
    EXPECT_TRUE(copy.ok()) << copy.status();
    if (copy.ok() && report != nullptr) *report = *copy;
    EXPECT_THAT(target.Exec(translation.constraints_up), IsOk());
    return translation;
  }

  std::string PgValue(data::PostgresDatabase& db, const std::string& sql) {
    absl::StatusOr<std::vector<data::SqlRow>> rows = db.Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.status();
    if (!rows.ok() || rows->empty()) return "<no row>";
    return rows->front()[0].value_or("NULL");
  }

  baton::testing::TestMariadbDatabase mariadb_;
};

TEST_F(MigrationServersTest, ReadsTheSourceSchemaExactly) {
  absl::StatusOr<MysqlSource> source = MysqlSource::Connect(mariadb_.url());
  ASSERT_TRUE(source.ok()) << source.status();
  absl::StatusOr<SourceSchema> schema = ReadSourceSchema(*source);
  ASSERT_TRUE(schema.ok()) << schema.status();
  ASSERT_EQ(schema->tables.size(), 2u);
  const SourceTable& orders = schema->tables[0];
  const SourceTable& users = schema->tables[1];
  EXPECT_EQ(users.name, "users");
  EXPECT_EQ(users.rows, 5);
  EXPECT_EQ(users.auto_increment, 7);
  EXPECT_EQ(orders.rows, baton::testing::kShopOrders);
  EXPECT_EQ(users.zero_dates.at("birth_date"), 2);
  EXPECT_EQ(users.FindColumn("status")->column_type, "enum('active','suspended','deleted')");
  EXPECT_EQ(users.FindColumn("legacy_code")->charset, "latin1");
  EXPECT_TRUE(users.FindColumn("id")->auto_increment);
  ASSERT_EQ(orders.foreign_keys.size(), 1u);
  EXPECT_EQ(orders.foreign_keys[0].referenced_table, "users");
  EXPECT_EQ(orders.foreign_keys[0].on_delete, "CASCADE");
  EXPECT_EQ(users.PrimaryKey()->columns, std::vector<std::string>{"id"});
}

TEST_F(MigrationServersTest, CopiesEveryValueAndTheTargetBehavesLikeTheSource) {
  absl::StatusOr<MysqlSource> source = MysqlSource::Connect(mariadb_.url());
  ASSERT_TRUE(source.ok()) << source.status();
  absl::StatusOr<data::PostgresDatabase> target = data::PostgresDatabase::Connect(database_url());
  ASSERT_TRUE(target.ok()) << target.status();
  CopyReport copy;
  const Translation translation = Migrate(*source, *target, &copy);
  ASSERT_EQ(copy.tables.size(), 2u);
  EXPECT_EQ(copy.tables[0].table, "users");
  EXPECT_EQ(copy.tables[0].inserted, 5);
  EXPECT_EQ(copy.tables[1].inserted, baton::testing::kShopOrders);
  EXPECT_EQ(copy.tables[1].batches, 3);
  EXPECT_EQ(copy.tables[0].zero_dates_nulled, 2);

  EXPECT_EQ(PgValue(*target, "SELECT display_name FROM users WHERE id = 2"), "Bob 🎉");
  EXPECT_EQ(PgValue(*target, "SELECT legacy_code FROM users WHERE id = 1"), "Café");
  EXPECT_EQ(PgValue(*target, "SELECT bio FROM users WHERE id = 4"), "Back\\slash and 'quotes'");
  EXPECT_EQ(PgValue(*target, "SELECT count(*) FROM users WHERE birth_date IS NULL"), "2");
  EXPECT_EQ(PgValue(*target, "SELECT is_admin FROM users WHERE id = 1"), "t");
  EXPECT_EQ(PgValue(*target, "SELECT login_count FROM users WHERE id = 1"), "4000000000");
  EXPECT_EQ(PgValue(*target, "SELECT encode(avatar, 'hex') FROM users WHERE id = 1"), "00ff10");
  EXPECT_EQ(PgValue(*target, "SELECT updated_at FROM users WHERE id = 1"),
            "2024-01-02 03:04:05.123456");
  // Identity continues after max(id) = 5 and MySQL's counter (7).
  EXPECT_EQ(PgValue(*target,
                    "INSERT INTO users (email, display_name, balance) "
                    "VALUES ('new@example.com', 'New', 0) RETURNING id"),
            "7");
  // The ENUM's CHECK, the unsigned CHECK and the foreign key hold.
  EXPECT_THAT(target->Exec("UPDATE users SET status = 'banned' WHERE id = 1"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("users_status_check")));
  EXPECT_THAT(target->Exec("UPDATE users SET login_count = -1 WHERE id = 1"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("users_login_count_check")));
  EXPECT_THAT(target->Exec("INSERT INTO orders (user_id, total, placed_at) VALUES (999, 1, now())"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("fk_orders_user")));
  EXPECT_EQ(PgValue(*target, "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM "
                             "pg_indexes WHERE schemaname = 'public'"),
            "orders_idx_orders_user_placed,orders_pkey,users_idx_users_status,users_pkey,"
            "users_uq_users_email");

  ASSERT_THAT(target->Exec("DELETE FROM users WHERE id = 7"), IsOk());
  absl::StatusOr<ValidationReport> report =
      ValidateMigration(*source, *target, translation, ValidationOptions());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->ok()) << report->Summary();
  EXPECT_EQ(report->Summary(),
            "2 tables, 2505 rows: row counts, checksums and 10 sample records match on MySQL "
            "and PostgreSQL");
  EXPECT_EQ(report->tables[0].source_checksum, report->tables[0].target_checksum);
}

TEST_F(MigrationServersTest, CopyResumesAfterTheLastKeyAndNeverDuplicates) {
  absl::StatusOr<MysqlSource> source = MysqlSource::Connect(mariadb_.url());
  ASSERT_TRUE(source.ok()) << source.status();
  absl::StatusOr<data::PostgresDatabase> target = data::PostgresDatabase::Connect(database_url());
  ASSERT_TRUE(target.ok()) << target.status();
  const Translation translation = Migrate(*source, *target, nullptr);
  // As if the copy had died after order 1200.
  ASSERT_THAT(target->Exec("DELETE FROM orders WHERE id > 1200"), IsOk());
  absl::StatusOr<CopyReport> again = CopyData(*source, *target, translation, CopyOptions());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->tables[0].inserted, 0);
  EXPECT_EQ(again->tables[0].resumed_after, "5");
  EXPECT_EQ(again->tables[1].resumed_after, "1200");
  EXPECT_EQ(again->tables[1].already_present, 1200);
  EXPECT_EQ(again->tables[1].inserted, 1300);
  EXPECT_EQ(again->tables[1].batches, 2);
  absl::StatusOr<CopyReport> third = CopyData(*source, *target, translation, CopyOptions());
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(third->TotalInserted(), 0);
  absl::StatusOr<ValidationReport> report =
      ValidateMigration(*source, *target, translation, ValidationOptions());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->ok()) << report->Summary();
}

TEST_F(MigrationServersTest, ValidationReportsEveryMismatchingRow) {
  absl::StatusOr<MysqlSource> source = MysqlSource::Connect(mariadb_.url());
  ASSERT_TRUE(source.ok()) << source.status();
  absl::StatusOr<data::PostgresDatabase> target = data::PostgresDatabase::Connect(database_url());
  ASSERT_TRUE(target.ok()) << target.status();
  const Translation translation = Migrate(*source, *target, nullptr);
  ASSERT_THAT(target->Exec("UPDATE users SET email = 'mallory@example.com', is_admin = true "
                           "WHERE id = 2;\n"
                           "DELETE FROM orders WHERE id = 17;\n"
                           "INSERT INTO orders (id, user_id, total, placed_at) "
                           "VALUES (99999, 1, 5, '2024-01-01');\n"
                           "UPDATE orders SET total = total + 0.01 WHERE id = 2500"),
              IsOk());
  absl::StatusOr<ValidationReport> report =
      ValidateMigration(*source, *target, translation, ValidationOptions());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_FALSE(report->ok());
  std::vector<std::string> listed;
  for (const RowMismatch& m : report->mismatches) {
    listed.push_back(absl::StrCat(m.table, " ", m.key, " ", m.kind,
                                  m.detail.empty() ? "" : absl::StrCat(": ", m.detail)));
  }
  EXPECT_THAT(listed,
              ElementsAre("users id=2 differs: email: MySQL 'bob@example.com' vs PostgreSQL "
                          "'mallory@example.com'; is_admin: MySQL 'f' vs PostgreSQL 't'",
                          "orders id=2500 differs: total: MySQL '500.00' vs PostgreSQL '500.01'",
                          "orders id=17 missing in PostgreSQL",
                          "orders id=99999 only in PostgreSQL"));
  EXPECT_EQ(report->MismatchedRows(), 4);
  EXPECT_THAT(report->Summary(),
              HasSubstr("2 of 2 tables differ between MySQL and PostgreSQL: users (checksum "
                        "differs, 1 mismatched row); orders (checksum differs, 3 mismatched "
                        "rows)"));
  EXPECT_THAT(report->Markdown("mysql://root@h/shop", "postgresql://p@h/shop"),
              HasSubstr("- orders id=17: missing in PostgreSQL"));
}

TEST(MysqlSourceTest, BadUrlsAndUnreachableServersSayWhatToFix) {
  EXPECT_THAT(ParseMysqlUrl("postgres://x@h/db"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("it must start with mysql:// or mariadb://")));
  EXPECT_THAT(ParseMysqlUrl("mysql://root:s3cret@h"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::AllOf(HasSubstr("it names no database"),
                                        ::testing::Not(HasSubstr("s3cret")))));
  absl::StatusOr<MysqlUrl> url = ParseMysqlUrl("mariadb://app:p%40ss@db.internal:3307/shop?ssl=1");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->user, "app");
  EXPECT_EQ(url->password, "p@ss");
  EXPECT_EQ(url->host, "db.internal");
  EXPECT_EQ(url->port, 3307);
  EXPECT_EQ(url->database, "shop");
  EXPECT_THAT(MysqlSource::Connect("mysql://root:hunter2@127.0.0.1:1/shop"),
              StatusIs(absl::StatusCode::kUnavailable,
                       ::testing::AllOf(HasSubstr("cannot connect to MySQL at "
                                                  "mysql://root:***@127.0.0.1:1/shop"),
                                        ::testing::Not(HasSubstr("hunter2")))));
}

}  // namespace
}  // namespace baton::agents::migration
