// The Data Migration workflow end to end through `baton run`'s pipeline (real
// cards, router, executor, the four agent binaries, git) from a real MariaDB
// (BATON_TEST_MARIADB_URL) to a real PostgreSQL (BATON_TEST_POSTGRES_URL):
// "Migrate from MySQL to PostgreSQL" writes the strategy, translates and
// copies the shop, validates it and commits once; a target row corrupted
// before the validation is reported by QA and stops the commit.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "agents/data/postgres_database.h"
#include "agents/data/test_repo.h"
#include "gitops/committer.h"
#include "gitops/repository.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/mariadb/shop_seed.h"
#include "testing/mariadb/test_database.h"
#include "testing/postgres/test_database.h"
#include "tools/cli/demo_repository.h"
#include "tools/cli/pipeline.h"

namespace baton {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kRequest[] = "Migrate from MySQL to PostgreSQL";
constexpr char kPassword[] = "Mig-r4te-S3cret";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class DataMigrationWorkflowTest : public baton::testing::PostgresTest {
 protected:
  // StartRun moves the source URL's password into MYSQL_PWD for the agents;
  // the admin connections of this fixture (root, no password) must not use it.
  void SetUp() override { ::unsetenv("MYSQL_PWD"); }
  void TearDown() override {
    ::unsetenv("MYSQL_PWD");
    if (servers_) {
      if (!migrator_.empty()) mariadb_.Exec(absl::StrCat("DROP USER IF EXISTS ", migrator_));
      PostgresTest::TearDown();
    }
  }

  // Starts both servers' databases and seeds the shop; false when the test
  // must stop (skipped or failed, with the reason).
  bool UseServers() {
    servers_ = true;
    PostgresTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return false;
    if (!mariadb_.Create()) return false;
    mariadb_.Exec(baton::testing::ShopSeedSql());
    // A read-only migration user with a password, as in production.
    migrator_ = absl::StrCat("'", mariadb_.name(), "_ro'@'%'");
    mariadb_.Exec(absl::StrCat("CREATE USER ", migrator_, " IDENTIFIED BY '", kPassword, "';\n",
                               "GRANT SELECT, SHOW VIEW ON ", mariadb_.name(), ".* TO ",
                               migrator_));
    return !HasFailure();
  }

  // mysql://<db>_ro:<password>@host:port/<db>
  std::string SourceUrlWithPassword() const {
    const std::string url = mariadb_.url();
    const size_t user_start = url.find("://") + 3;
    const size_t at = url.find('@');
    return absl::StrCat(url.substr(0, user_start), mariadb_.name(), "_ro:", kPassword,
                        url.substr(at));
  }

  std::string MakeRepo() {
    const std::string cwd = fs::current_path().string();
    installation_.cards_dir = cwd + "/domains";
    installation_.agents_root = cwd;
    const std::string scratch =
        absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(scratch);
    absl::StatusOr<std::string> repo =
        cli::CreateDemoRepository(absl::StrCat(cwd, "/", agents::data::kDataRepoFixture), scratch);
    EXPECT_TRUE(repo.ok()) << repo.status();
    repo_ = repo.ok() ? *repo : "";
    return repo_;
  }

  cli::RunOptions Options() {
    cli::RunOptions options;
    options.request = kRequest;
    options.repo = repo_;
    options.output = cli::OutputMode::kQuiet;
    options.retry_base_delay = absl::Milliseconds(1);
    return options;
  }

  std::string Pg(const std::string& sql) {
    absl::StatusOr<agents::data::PostgresDatabase> db =
        agents::data::PostgresDatabase::Connect(database_url());
    EXPECT_TRUE(db.ok()) << db.status();
    if (!db.ok()) return "";
    absl::StatusOr<std::vector<agents::data::SqlRow>> rows = db->Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.status();
    if (!rows.ok() || rows->empty()) return "<no row>";
    return rows->front()[0].value_or("NULL");
  }

  static std::string Fact(const cli::RunOutcome& outcome, const std::string& key) {
    auto it = outcome.handoff.facts().find(key);
    return it == outcome.handoff.facts().end() ? "" : it->second;
  }

  cli::Installation installation_;
  baton::testing::TestMariadbDatabase mariadb_;
  std::string migrator_;
  std::string repo_;
  std::ostringstream out_;
  bool servers_ = false;
};

TEST_F(DataMigrationWorkflowTest, MigratesTheShopValidatesItAndCommitsOnce) {
  if (!UseServers()) return;
  MakeRepo();
  cli::RunOptions options = Options();
  options.source_url = SourceUrlWithPassword();
  options.staging_url = database_url();
  absl::StatusOr<cli::RunOutcome> outcome = cli::StartRun(installation_, options, out_);
  ASSERT_TRUE(outcome.ok()) << outcome.status() << "\n" << out_.str();
  ASSERT_TRUE(outcome->status.ok()) << outcome->status << "\n" << out_.str();
  const handoff::Handoff& handoff = outcome->handoff;
  EXPECT_EQ(handoff.workflow().name(), "Data Migration");
  EXPECT_EQ(handoff.status(), handoff::RUN_SUCCEEDED);
  ASSERT_EQ(handoff.steps_size(), 4);
  const std::string dir = absl::StrCat("database/data_migration/", mariadb_.name());
  EXPECT_EQ(handoff.steps(0).agent(), "systems-architect");
  EXPECT_THAT(handoff.steps(0).summary(),
              HasSubstr(absl::StrCat("wrote the migration strategy ", dir,
                                     "/strategy.md: 2 tables, 2505 rows")));
  EXPECT_EQ(handoff.steps(1).agent(), "infrastructure-specialist");
  EXPECT_THAT(handoff.steps(1).summary(),
              AllOf(HasSubstr("copied 2 tables: users 5 rows (1 batch), orders 2500 rows "
                              "(3 batches)"),
                    HasSubstr("3 indexes and 1 foreign keys added")));
  EXPECT_EQ(handoff.steps(2).agent(), "qa-specialist");
  EXPECT_EQ(handoff.steps(2).summary(),
            "2 tables, 2505 rows: row counts, checksums and 10 sample records match on MySQL "
            "and PostgreSQL");
  EXPECT_EQ(handoff.steps(3).agent(), "git-workflow-manager");
  EXPECT_EQ(Fact(*outcome, "qa.mismatched_rows"), "0");
  EXPECT_EQ(Fact(*outcome, "migration.target_rows"), "users=5,orders=2500");

  // The translation's decisions are findings; none blocks.
  std::vector<std::string> findings;
  for (const handoff::Finding& finding : handoff.findings()) {
    EXPECT_LT(finding.severity(), handoff::Finding::ERROR) << finding.message();
    findings.push_back(absl::StrCat(finding.rule(), " ", finding.location()));
  }
  EXPECT_THAT(findings, Contains("mysql-zero-date users.birth_date"));
  EXPECT_THAT(findings, Contains("mysql-collation users.email"));
  EXPECT_THAT(findings, Contains("mysql-charset users.legacy_code"));

  // PostgreSQL holds the same rows; identity continues after max(id) and
  // MySQL's counter; foreign key and indexes exist.
  EXPECT_EQ(Pg("SELECT count(*) FROM users"), "5");
  EXPECT_EQ(Pg("SELECT count(*) FROM orders"), "2500");
  EXPECT_EQ(Pg("SELECT display_name FROM users WHERE id = 2"), "Bob 🎉");
  EXPECT_EQ(Pg("SELECT count(*) FROM users WHERE birth_date IS NULL"), "2");
  EXPECT_EQ(Pg("SELECT conname FROM pg_constraint WHERE contype = 'f'"), "fk_orders_user");
  EXPECT_EQ(Pg("SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'"), "5");
  EXPECT_EQ(Pg("INSERT INTO orders (user_id, total, placed_at) VALUES (1, 1, now()) "
               "RETURNING id"),
            "2501");
  EXPECT_EQ(Pg("INSERT INTO users (email, display_name) VALUES ('n@example.com', 'N') "
               "RETURNING id"),
            "7");

  // Exactly one commit on top of the fixture's, holding exactly the migration.
  EXPECT_EQ(*gitops::CountCommits(outcome->workspace), 2);
  absl::StatusOr<std::optional<gitops::CommitInfo>> commit =
      gitops::FindCommitWithTrailer(outcome->workspace, "Baton-Run", outcome->run_id);
  ASSERT_TRUE(commit.ok() && commit->has_value()) << out_.str();
  EXPECT_THAT((*commit)->files,
              ElementsAre(dir + "/001_create_tables.down.sql", dir + "/001_create_tables.up.sql",
                          dir + "/002_add_constraints.down.sql",
                          dir + "/002_add_constraints.up.sql", dir + "/copy_plan.md",
                          dir + "/strategy.md"));
  EXPECT_THAT(Slurp(outcome->workspace + "/" + dir + "/001_create_tables.up.sql"),
              HasSubstr("id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL"));
  EXPECT_THAT(Slurp(outcome->workspace + "/" + dir + "/strategy.md"), HasSubstr("## Rollback"));

  // The password never reaches the handoff, the run's state or the commit.
  EXPECT_EQ(handoff.source().url(), absl::StrCat("mysql://", mariadb_.name(), "_ro@",
                                                 mariadb_.url().substr(mariadb_.url().find('@') + 1)));
  for (const auto& entry : fs::recursive_directory_iterator(outcome->run_dir)) {
    if (entry.is_regular_file()) {
      EXPECT_THAT(Slurp(entry.path().string()), Not(HasSubstr(kPassword))) << entry.path();
    }
  }
  for (const std::string& file : (*commit)->files) {
    EXPECT_THAT(Slurp(outcome->workspace + "/" + file), Not(HasSubstr(kPassword))) << file;
  }
}

TEST_F(DataMigrationWorkflowTest, QaReportsATargetRowCorruptedAfterTheCopy) {
  if (!UseServers()) return;
  MakeRepo();
  cli::RunOptions options = Options();
  options.source_url = SourceUrlWithPassword();
  options.staging_url = database_url();
  options.until_agent = "infrastructure-specialist";
  absl::StatusOr<cli::RunOutcome> copied = cli::StartRun(installation_, options, out_);
  ASSERT_TRUE(copied.ok()) << copied.status();
  ASSERT_TRUE(copied->status.ok()) << copied->status << "\n" << out_.str();
  ASSERT_EQ(copied->handoff.steps_size(), 2);

  // Someone writes to the target between the copy and the validation.
  EXPECT_EQ(Pg("UPDATE users SET display_name = 'Bob' WHERE id = 2 RETURNING id"), "2");
  EXPECT_EQ(Pg("DELETE FROM orders WHERE id = 1234 RETURNING id"), "1234");

  cli::RunOptions resume = Options();
  resume.request.clear();
  absl::StatusOr<cli::RunOutcome> outcome =
      cli::ResumeRun(installation_, resume, copied->run_id, false, out_);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->handoff.status(), handoff::RUN_FAILED);
  const std::string message(outcome->status.message());
  EXPECT_THAT(message, HasSubstr("data validation failed: 2 of 2 tables differ"));
  EXPECT_THAT(message, HasSubstr("users row id=2 differs: display_name: MySQL 'Bob 🎉' vs "
                                 "PostgreSQL 'Bob'"));
  EXPECT_THAT(message, HasSubstr("users (checksum differs, 1 mismatched row)"));
  EXPECT_THAT(message, HasSubstr("orders (2500 rows in MySQL, 2499 in PostgreSQL, checksum "
                                 "differs, 1 mismatched row)"));
  EXPECT_THAT(message, HasSubstr("orders row id=1234 missing in PostgreSQL"));
  EXPECT_EQ(outcome->handoff.steps(2).agent(), "qa-specialist");
  EXPECT_EQ(outcome->handoff.steps(2).status(), handoff::STEP_FAILED);
  // The report lists both sides' counts and checksums and every mismatch.
  const std::string report = Slurp(absl::StrCat(outcome->workspace, "/.baton/reports/",
                                                outcome->run_id, "/data_validation.md"));
  EXPECT_THAT(report, HasSubstr("| orders | 2500 | 2499 |"));
  EXPECT_THAT(report, HasSubstr("- users id=2: differs (display_name: MySQL 'Bob 🎉' vs "
                                "PostgreSQL 'Bob')"));
  EXPECT_THAT(report, HasSubstr("- orders id=1234: missing in PostgreSQL"));
  // Nothing is committed.
  EXPECT_EQ(*gitops::CountCommits(outcome->workspace), 1);
}

TEST_F(DataMigrationWorkflowTest, WithoutASourceOrAPostgresTargetTheRunSaysWhatToPass) {
  MakeRepo();
  absl::StatusOr<cli::RunOutcome> no_source = cli::StartRun(installation_, Options(), out_);
  ASSERT_TRUE(no_source.ok()) << no_source.status();
  EXPECT_EQ(no_source->handoff.status(), handoff::RUN_FAILED);
  EXPECT_THAT(std::string(no_source->status.message()),
              HasSubstr("Data Migration needs the MySQL/MariaDB database to migrate from: run "
                        "again with --source mysql://user@host:port/database"));

  cli::RunOptions sqlite = Options();
  sqlite.source_url = "mysql://app@127.0.0.1:1/shop";
  absl::StatusOr<cli::RunOutcome> no_target = cli::StartRun(installation_, sqlite, out_);
  ASSERT_TRUE(no_target.ok()) << no_target.status();
  EXPECT_EQ(no_target->handoff.status(), handoff::RUN_FAILED);
  EXPECT_THAT(std::string(no_target->status.message()),
              HasSubstr("Data Migration needs a PostgreSQL target: run again with --staging "
                        "postgresql://"));
  EXPECT_EQ(*gitops::CountCommits(no_target->workspace), 1);
}

}  // namespace
}  // namespace baton
