#include "testing/postgres/test_database.h"

#include <algorithm>
#include <cstdlib>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "agents/data/postgres_database.h"

namespace baton::testing {

using ::baton::agents::data::PostgresDatabase;

std::string TestPostgresServerUrl(std::string* why) {
  const char* url = std::getenv("BATON_TEST_POSTGRES_URL");
  if (url == nullptr || *url == '\0') {
    *why =
        "BATON_TEST_POSTGRES_URL is not set: start a server with "
        "tools/start_test_postgres.sh and pass "
        "--test_env=BATON_TEST_POSTGRES_URL=<url> (tools/bootstrap.sh test does)";
    return "";
  }
  return url;
}

bool RunningInCi() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && (std::string(ci) == "true" || std::string(ci) == "1");
}

std::string UrlWithDatabase(const std::string& url, const std::string& database) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const size_t slash = url.find('/', scheme + 3);
  const size_t query = url.find('?', scheme + 3);
  std::string base = url.substr(0, std::min(slash, query));
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return absl::StrCat(base, "/", database, tail);
}

std::vector<std::string> DatabasesWithPrefix(const std::string& server_url,
                                             const std::string& prefix) {
  std::vector<std::string> names;
  absl::StatusOr<PostgresDatabase> db = PostgresDatabase::Connect(server_url);
  if (!db.ok()) {
    ADD_FAILURE() << db.status();
    return names;
  }
  auto rows = db->Query(absl::StrCat(
      "SELECT datname FROM pg_database WHERE datname LIKE '", prefix,
      "%' ORDER BY datname"));
  if (!rows.ok()) {
    ADD_FAILURE() << rows.status();
    return names;
  }
  for (const auto& row : *rows) names.push_back(row[0].value_or(""));
  return names;
}

void PostgresTest::SetUp() {
  std::string why;
  server_url_ = TestPostgresServerUrl(&why);
  if (server_url_.empty()) {
    if (RunningInCi()) FAIL() << why << " (CI=true: PostgreSQL tests never skip)";
    GTEST_SKIP() << why;
  }
  databases_before_ = DatabasesWithPrefix(server_url_, "");
  absl::StatusOr<PostgresDatabase> admin = PostgresDatabase::Connect(server_url_);
  ASSERT_TRUE(admin.ok()) << admin.status();
  absl::BitGen random;
  database_name_ =
      absl::StrFormat("baton_test_%08x", absl::Uniform<uint32_t>(random));
  absl::Status created = admin->Exec(
      absl::StrCat("CREATE DATABASE ", database_name_, " TEMPLATE template0"));
  ASSERT_TRUE(created.ok()) << created;
  database_url_ = UrlWithDatabase(server_url_, database_name_);
}

std::vector<std::string> PostgresTest::NewDatabasesWithPrefix(const std::string& prefix) const {
  std::vector<std::string> added;
  for (const std::string& name : DatabasesWithPrefix(server_url_, prefix)) {
    if (std::find(databases_before_.begin(), databases_before_.end(), name) ==
        databases_before_.end()) {
      added.push_back(name);
    }
  }
  return added;
}

std::vector<std::string> PostgresTest::LeftBehind(const std::string& prefix,
                                                  absl::Duration grace) const {
  const absl::Time deadline = absl::Now() + grace;
  std::vector<std::string> added = NewDatabasesWithPrefix(prefix);
  while (!added.empty() && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(250));
    added = NewDatabasesWithPrefix(prefix);
  }
  return added;
}

void PostgresTest::TearDown() {
  if (database_name_.empty()) return;
  absl::StatusOr<PostgresDatabase> admin = PostgresDatabase::Connect(server_url_);
  ASSERT_TRUE(admin.ok()) << admin.status();
  absl::Status dropped = admin->Exec(
      absl::StrCat("DROP DATABASE IF EXISTS ", database_name_, " WITH (FORCE)"));
  EXPECT_TRUE(dropped.ok()) << dropped;
}

}  // namespace baton::testing
