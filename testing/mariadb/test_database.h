// Test helper: a MariaDB/MySQL database of its own for each test that needs
// one, on the server named by BATON_TEST_MARIADB_URL (tools/bootstrap.sh
// test starts one with tools/start_test_mariadb.sh and passes the URL).
//
// When the variable is unset the test skips with the reason, except under
// CI=true, where it fails: CI skips nothing.
//
//   TestMariadbDatabase db;
//   if (!db.Create()) return;   // skipped or failed, with the reason
//   ... db.url() ... db.Exec("CREATE TABLE ...") ...
//
// Each database is CREATE DATABASE baton_test_<random>, dropped by the
// destructor.
#ifndef BATON_TESTING_MARIADB_TEST_DATABASE_H_
#define BATON_TESTING_MARIADB_TEST_DATABASE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace baton::testing {

// The server URL, or "" (then `why` says what is missing).
std::string TestMariadbServerUrl(std::string* why);

class TestMariadbDatabase {
 public:
  TestMariadbDatabase() = default;
  TestMariadbDatabase(const TestMariadbDatabase&) = delete;
  TestMariadbDatabase& operator=(const TestMariadbDatabase&) = delete;
  ~TestMariadbDatabase();

  // Creates the database. False when the test must stop: the server is not
  // configured (GTEST_SKIP outside CI, a failure under CI=true) or cannot be
  // used (a failure naming the reason). Call it from the test body or SetUp
  // and return when it is false.
  bool Create();

  // Runs `sql` (statements separated by ";\n") and adds a test failure
  // naming the statement when one fails.
  void Exec(absl::string_view sql);

  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }

 private:
  std::string server_url_;
  std::string url_;
  std::string name_;
};

}  // namespace baton::testing

#endif  // BATON_TESTING_MARIADB_TEST_DATABASE_H_
