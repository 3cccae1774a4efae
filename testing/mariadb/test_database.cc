#include "testing/mariadb/test_database.h"

#include <cstdlib>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "agents/migration/mysql_source.h"
#include "gtest/gtest.h"
#include "testing/postgres/test_database.h"

namespace baton::testing {

using ::baton::agents::migration::MysqlSource;

std::string TestMariadbServerUrl(std::string* why) {
  const char* url = std::getenv("BATON_TEST_MARIADB_URL");
  if (url == nullptr || *url == '\0') {
    *why =
        "BATON_TEST_MARIADB_URL is not set: start a server with "
        "tools/start_test_mariadb.sh and pass "
        "--test_env=BATON_TEST_MARIADB_URL=<url> (tools/bootstrap.sh test does)";
    return "";
  }
  return url;
}

namespace {

// A fatal failure (the test body does not run when it happens in SetUp)
// without returning from the caller.
void Fatal(const std::string& message) {
  GTEST_MESSAGE_AT_(__FILE__, __LINE__, message.c_str(),
                    ::testing::TestPartResult::kFatalFailure);
}

}  // namespace

bool TestMariadbDatabase::Create() {
  std::string why;
  server_url_ = TestMariadbServerUrl(&why);
  if (server_url_.empty()) {
    if (RunningInCi()) {
      Fatal(why + " (CI=true: MariaDB tests never skip)");
      return false;
    }
    GTEST_MESSAGE_AT_(__FILE__, __LINE__, why.c_str(), ::testing::TestPartResult::kSkip);
    return false;
  }
  absl::StatusOr<MysqlSource> admin = MysqlSource::Connect(server_url_);
  if (!admin.ok()) {
    Fatal(admin.status().ToString());
    return false;
  }
  absl::BitGen random;
  name_ = absl::StrFormat("baton_test_%08x", absl::Uniform<uint32_t>(random));
  auto created = admin->Query(
      absl::StrCat("CREATE DATABASE ", name_, " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"));
  if (!created.ok()) {
    Fatal(created.status().ToString());
    name_.clear();
    return false;
  }
  url_ = UrlWithDatabase(server_url_, name_);
  return true;
}

void TestMariadbDatabase::Exec(absl::string_view sql) {
  absl::StatusOr<MysqlSource> db = MysqlSource::Connect(url_);
  if (!db.ok()) {
    ADD_FAILURE() << db.status();
    return;
  }
  // Relaxed mode so a test can seed what a legacy server holds (zero dates).
  (void)db->Query("SET SESSION sql_mode = ''");
  for (absl::string_view statement : absl::StrSplit(sql, ";\n")) {
    statement = absl::StripAsciiWhitespace(statement);
    if (statement.empty()) continue;
    auto result = db->Query(statement);
    if (!result.ok()) {
      ADD_FAILURE() << result.status();
      return;
    }
  }
}

TestMariadbDatabase::~TestMariadbDatabase() {
  if (name_.empty()) return;
  absl::StatusOr<MysqlSource> admin = MysqlSource::Connect(server_url_);
  if (!admin.ok()) {
    ADD_FAILURE() << admin.status();
    return;
  }
  auto dropped = admin->Query(absl::StrCat("DROP DATABASE IF EXISTS ", name_));
  EXPECT_TRUE(dropped.ok()) << dropped.status();
}

}  // namespace baton::testing
