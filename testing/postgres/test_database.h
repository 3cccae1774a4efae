// Test helper: a PostgreSQL database of its own for each test that needs
// one, on the server named by BATON_TEST_POSTGRES_URL (tools/bootstrap.sh
// test starts one with tools/start_test_postgres.sh and passes the URL).
//
// When the variable is unset a test skips with the reason, except under
// CI=true, where it fails: CI skips nothing.
//
//   class MyTest : public baton::testing::PostgresTest {};
//   TEST_F(MyTest, Works) { ... database_url() ... }
//
// Each test gets CREATE DATABASE baton_test_<random>, dropped afterwards.
#ifndef BATON_TESTING_POSTGRES_TEST_DATABASE_H_
#define BATON_TESTING_POSTGRES_TEST_DATABASE_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace baton::testing {

// The server URL, or "" (then `why` says what is missing).
std::string TestPostgresServerUrl(std::string* why);

// True when CI=true (or CI=1) is in the environment.
bool RunningInCi();

// `url` with its database replaced by `database`.
std::string UrlWithDatabase(const std::string& url, const std::string& database);

// Names of the server's databases that start with `prefix`.
std::vector<std::string> DatabasesWithPrefix(const std::string& server_url,
                                             const std::string& prefix);

class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  const std::string& server_url() const { return server_url_; }
  // The test's own database.
  const std::string& database_url() const { return database_url_; }
  const std::string& database_name() const { return database_name_; }
  // Databases named `prefix`* that did not exist when the test started:
  // what the test itself left behind (run such tests `exclusive` when
  // others create the same names concurrently).
  std::vector<std::string> NewDatabasesWithPrefix(const std::string& prefix) const;
  // NewDatabasesWithPrefix, waiting up to `grace` for databases to go away:
  // those another test creates at the same time are dropped when it ends,
  // while one this test leaked stays. Empty means nothing was left behind.
  std::vector<std::string> LeftBehind(const std::string& prefix,
                                      absl::Duration grace = absl::Seconds(90)) const;

 private:
  std::vector<std::string> databases_before_;
  std::string server_url_;
  std::string database_url_;
  std::string database_name_;
};

}  // namespace baton::testing

#endif  // BATON_TESTING_POSTGRES_TEST_DATABASE_H_
