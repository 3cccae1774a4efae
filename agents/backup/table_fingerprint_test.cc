#include "agents/backup/table_fingerprint.h"

#include <string>

#include "agents/data/postgres_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/postgres/test_database.h"

namespace baton::agents::backup {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(CompareFingerprintsTest, NamesEveryDifference) {
  const DatabaseFingerprint source = {
      {"customers", {200, "aaa"}}, {"orders", {500, "bbb"}}, {"events", {10, "ccc"}}};
  const DatabaseFingerprint restored = {
      {"customers", {200, "aaa"}}, {"orders", {499, "bbx"}}, {"tmp", {1, "ddd"}}};
  EXPECT_THAT(CompareFingerprints(source, restored),
              ElementsAre("events: missing after the restore",
                          "orders: 500 rows backed up, 499 restored", "tmp: only in the restore"));
  EXPECT_THAT(CompareFingerprints(source, source), IsEmpty());
  EXPECT_THAT(CompareFingerprints({{"a", {1, "x"}}}, {{"a", {1, "y"}}}),
              ElementsAre("a: checksum differs (x vs y)"));
}

class FingerprintDatabaseTest : public baton::testing::PostgresTest {};

TEST_F(FingerprintDatabaseTest, CountsRowsAndHashesContentNotOrder) {
  absl::StatusOr<data::PostgresDatabase> db = data::PostgresDatabase::Connect(database_url());
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE(db->Exec("CREATE SCHEMA audit;"
                       "CREATE TABLE t (id int, name text);"
                       "CREATE TABLE audit.log (line text);"
                       "INSERT INTO t VALUES (2, 'b'), (1, NULL);")
                  .ok());
  absl::StatusOr<DatabaseFingerprint> first = FingerprintDatabase(*db);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ(first->at("t").rows, 2);
  EXPECT_EQ(first->at("t").md5.size(), 32u);
  EXPECT_EQ(first->at("audit.log").rows, 0);
  // Same rows inserted in another order: same fingerprint.
  ASSERT_TRUE(db->Exec("DELETE FROM t; INSERT INTO t VALUES (1, NULL), (2, 'b');").ok());
  absl::StatusOr<DatabaseFingerprint> reordered = FingerprintDatabase(*db);
  ASSERT_TRUE(reordered.ok());
  EXPECT_EQ(reordered->at("t"), first->at("t"));
  // One changed value: same count, other checksum.
  ASSERT_TRUE(db->Exec("UPDATE t SET name = 'c' WHERE id = 2").ok());
  absl::StatusOr<DatabaseFingerprint> changed = FingerprintDatabase(*db);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->at("t").rows, 2);
  EXPECT_NE(changed->at("t").md5, first->at("t").md5);
}

}  // namespace
}  // namespace baton::agents::backup
