#include "tools/nightly/slow_query_source.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "agents/data/postgres_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::nightly {
namespace {

using ::testing::HasSubstr;

SlowQuery Query(const std::string& sql, double mean_ms) {
  SlowQuery query;
  query.sql = sql;
  query.mean_ms = mean_ms;
  query.calls = 10;
  return query;
}

TEST(SlowQuerySourceTest, KeepsTheSlowestReadsOfTheApplication) {
  std::vector<SlowQuery> kept = SelectSlowQueries(
      {Query("SELECT * FROM orders WHERE customer_id = $1", 40),
       Query("UPDATE users SET name = $1", 900),
       Query("select count(*) from pg_catalog.pg_class", 800),
       Query("SELECT query FROM pg_stat_statements", 700),
       Query("  WITH t AS (SELECT 1) SELECT * FROM t", 120),
       Query("SELECT id FROM users WHERE email = $1", 75),
       Query("SELECT 1", 0.01)},
      /*count=*/3, /*min_mean_ms=*/1);
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_THAT(kept[0].sql, HasSubstr("WITH t"));
  EXPECT_THAT(kept[1].sql, HasSubstr("email"));
  EXPECT_THAT(kept[2].sql, HasSubstr("orders"));
  EXPECT_THAT(SlowQueryStatement(3), HasSubstr("ORDER BY mean_exec_time DESC LIMIT 30"));
}

TEST(SlowQuerySourceTest, QueryFileSaysWhereTheQueryCameFrom) {
  SlowQuery query = Query("SELECT id FROM users WHERE email = $1\n", 75.5);
  EXPECT_EQ(SlowQueryFile(query, "2024-05-01"),
            "-- From pg_stat_statements on 2024-05-01: 10 calls, mean 75.50 ms, total 0 ms.\n"
            "-- Baton's nightly optimizes it on a review branch.\n"
            "SELECT id FROM users WHERE email = $1;\n");
}

// On the test PostgreSQL server (tools/start_test_postgres.sh) when it
// preloads pg_stat_statements; otherwise the error must say how to enable it.
TEST(SlowQuerySourceTest, ReadsPgStatStatementsOrSaysHowToEnableIt) {
  const char* url = std::getenv("BATON_TEST_POSTGRES_URL");
  if (url == nullptr || std::string(url).empty()) {
    GTEST_SKIP() << "BATON_TEST_POSTGRES_URL is not set (tools/start_test_postgres.sh)";
  }
  absl::StatusOr<agents::data::PostgresDatabase> database =
      agents::data::PostgresDatabase::Connect(url);
  ASSERT_TRUE(database.ok()) << database.status();
  absl::StatusOr<std::vector<agents::data::SqlRow>> preload =
      database->Query("SHOW shared_preload_libraries");
  ASSERT_TRUE(preload.ok()) << preload.status();
  const bool loaded = !preload->empty() && (*preload)[0][0].has_value() &&
                      (*preload)[0][0]->find("pg_stat_statements") != std::string::npos;
  absl::StatusOr<std::vector<SlowQuery>> queries = ReadSlowQueries(url, 3, 0);
  if (!loaded) {
    ASSERT_FALSE(queries.ok());
    EXPECT_EQ(queries.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(queries.status().message(), HasSubstr("pg_stat_statements is not available"));
    EXPECT_THAT(queries.status().message(), HasSubstr("shared_preload_libraries"));
    return;
  }
  ASSERT_TRUE(database->Exec("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").ok());
  ASSERT_TRUE(database->Exec("CREATE TABLE IF NOT EXISTS nightly_probe (id int, email text)").ok());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(database->Query("SELECT id FROM nightly_probe WHERE email = 'x'").ok());
  }
  queries = ReadSlowQueries(url, 50, 0);
  ASSERT_TRUE(queries.ok()) << queries.status();
  bool found = false;
  for (const SlowQuery& query : *queries) {
    if (query.sql.find("nightly_probe") != std::string::npos) found = query.calls >= 3;
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace baton::nightly
