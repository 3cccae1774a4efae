// The SLOW_QUERIES nightly job end to end on the test PostgreSQL server: a
// query that really ran slowly is read from pg_stat_statements, put through
// the Query Optimization workflow (real agents, PostgreSQL staging), and its
// index migration lands on a review branch, never on the default branch.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agents/data/postgres_database.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "testing/postgres/test_database.h"
#include "tools/cli/demo_repository.h"
#include "tools/nightly/nightly_report.pb.h"
#include "tools/nightly/test_process.h"

namespace baton::nightly {
namespace {

using ::testing::HasSubstr;

class SlowQueryJobTest : public baton::testing::PostgresTest {};

TEST_F(SlowQueryJobTest, SlowestQueryGetsAnIndexProposalOnAReviewBranch) {
  // The application's database, with a query that scans 50,000 users. The
  // job reads only this database's statistics, so other tests' queries on
  // the same server do not count (and are not reset).
  absl::StatusOr<agents::data::PostgresDatabase> database =
      agents::data::PostgresDatabase::Connect(database_url());
  ASSERT_TRUE(database.ok()) << database.status();
  for (const char* sql : {
           "CREATE EXTENSION IF NOT EXISTS pg_stat_statements",
           "CREATE TABLE users (id SERIAL PRIMARY KEY, email VARCHAR(255) NOT NULL, "
           "name VARCHAR(255) NOT NULL, created_at TIMESTAMP NOT NULL DEFAULT now(), "
           "updated_at TIMESTAMP NOT NULL DEFAULT now())",
           "INSERT INTO users (email, name) SELECT 'user' || g || '@example.com', 'user-' || g "
           "FROM generate_series(1, 50000) AS g"}) {
    ASSERT_TRUE(database->Exec(sql).ok()) << sql;
  }
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(database->Query("SELECT id, email FROM users WHERE name = 'user-4242'").ok());
  }

  const std::string cwd = std::filesystem::current_path().string();
  const std::string dir = std::string(std::getenv("TEST_TMPDIR")) + "/slow-job";
  std::filesystem::create_directories(dir);
  absl::StatusOr<std::string> repo =
      cli::CreateDemoRepository(cwd + "/testing/fixtures/data_repo", dir);
  ASSERT_TRUE(repo.ok()) << repo.status();
  std::ofstream(dir + "/nightly.textproto")
      << "report_dir: \"" << dir << "/reports\"\n"
      << "job { name: \"slow\" kind: SLOW_QUERIES repo: \"" << *repo << "\" stats_url: \""
      << database_url() << "\" staging: \"" << server_url()
      << "\" slow_query_count: 1 min_mean_ms: 0 }\n";

  CommandResult night = RunShell(absl::StrCat(
      "'", cwd, "/tools/baton' nightly --config '", dir, "/nightly.textproto' --date 2024-05-01",
      " --cards '", cwd, "/domains' --agents-root '", cwd, "'"));
  ASSERT_EQ(night.exit_code, 0) << night.output;

  NightReport report;
  std::ifstream in(dir + "/reports/2024-05-01/report.json");
  std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &report).ok()) << json;
  ASSERT_EQ(report.job_size(), 1);
  EXPECT_EQ(report.job(0).status(), JobReport::SUCCEEDED) << report.job(0).reason();

  // The proposal is on a review branch; the default branch is untouched.
  CommandResult branches =
      RunShell(absl::StrCat("git -C '", *repo, "' branch --list 'baton/nightly/*'"));
  EXPECT_THAT(branches.output, HasSubstr("baton/nightly/2024-05-01/slow"));
  CommandResult files = RunShell(absl::StrCat(
      "git -C '", *repo, "' log --name-only --format= 'baton/nightly/2024-05-01/slow-q1'"));
  EXPECT_THAT(files.output, HasSubstr("add_index_on_users_name")) << files.output;
  CommandResult main_log = RunShell(absl::StrCat("git -C '", *repo, "' rev-list --count main"));
  EXPECT_THAT(main_log.output, HasSubstr("1"));
}

}  // namespace
}  // namespace baton::nightly
