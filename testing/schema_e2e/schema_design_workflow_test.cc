// End to end: "Design database schema for ..." through the real router and
// the real agent binaries (spec-manager -> systems-architect ->
// infrastructure-specialist -> security-auditor -> git-workflow-manager),
// on throwaway git repositories made from testing/fixtures/data_repo.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "agents/schema/schema_lint.h"
#include "agents/schema/schema_loader.h"
#include "executor/handoff.pb.h"
#include "gitops/committer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "tools/cli/demo_repository.h"
#include "tools/cli/pipeline.h"

namespace baton {
namespace {

namespace fs = std::filesystem;
using ::baton::handoff::Finding;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class SchemaDesignWorkflowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string cwd = fs::current_path().string();
    installation_.cards_dir = cwd + "/domains";
    installation_.agents_root = cwd;
    scratch_ = absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(scratch_);
    fs::create_directories(scratch_);
  }

  void UseFixture() { UseTree(fs::current_path().string() + "/testing/fixtures/data_repo"); }

  void UseTree(const std::string& tree) {
    absl::StatusOr<std::string> repo = cli::CreateDemoRepository(tree, scratch_);
    ASSERT_TRUE(repo.ok()) << repo.status();
    repo_ = *repo;
  }

  cli::RunOptions Options(const std::string& request) {
    cli::RunOptions options;
    options.request = request;
    options.repo = repo_;
    options.retry_base_delay = absl::Milliseconds(1);
    return options;
  }

  absl::StatusOr<cli::RunOutcome> Run(const cli::RunOptions& options) {
    return cli::StartRun(installation_, options, out_);
  }

  static std::vector<std::string> Agents(const handoff::Handoff& handoff) {
    std::vector<std::string> agents;
    for (const auto& step : handoff.steps()) agents.push_back(step.agent());
    return agents;
  }

  static std::vector<std::string> FindingsOf(const handoff::Handoff& handoff,
                                             const std::string& agent) {
    std::vector<std::string> out;
    for (const Finding& finding : handoff.findings()) {
      if (finding.agent() != agent) continue;
      out.push_back(absl::StrCat(Finding::Severity_Name(finding.severity()), " ",
                                 finding.rule(), " ", finding.message()));
    }
    return out;
  }

  // The run's commit (found by its Baton-Run trailer) in the run's workspace.
  std::optional<gitops::CommitInfo> RunCommit(const cli::RunOutcome& outcome) {
    absl::StatusOr<std::optional<gitops::CommitInfo>> commit =
        gitops::FindCommitWithTrailer(outcome.workspace, "Baton-Run", outcome.run_id);
    EXPECT_TRUE(commit.ok()) << commit.status();
    return commit.ok() ? *commit : std::nullopt;
  }

  cli::Installation installation_;
  std::string scratch_;
  std::string repo_;
  std::ostringstream out_;
};

const std::vector<std::string> kChain = {
    "spec-manager", "systems-architect", "infrastructure-specialist", "security-auditor",
    "git-workflow-manager"};

TEST_F(SchemaDesignWorkflowTest, UsersAndOrdersEndsInOneCommitOfSpecDdlErdAndMigration) {
  UseFixture();
  absl::StatusOr<cli::RunOutcome> outcome =
      Run(Options("Design database schema for users and orders"));
  ASSERT_TRUE(outcome.ok()) << outcome.status() << "\n" << out_.str();
  ASSERT_TRUE(outcome->status.ok()) << outcome->status << "\n" << out_.str();
  const handoff::Handoff& handoff = outcome->handoff;
  EXPECT_EQ(handoff.status(), handoff::RUN_SUCCEEDED);
  EXPECT_EQ(handoff.workflow().name(), "Database Schema Design");
  EXPECT_EQ(Agents(handoff), kChain);

  const std::string ws = outcome->workspace;
  const std::vector<std::string> files = {
      "database/specs/design-database-schema-for-users-and-orders.md",
      "database/schemas/orders.sql", "database/schemas/erd.md",
      "database/migrations/004_create_orders_table.sql"};
  EXPECT_THAT(Slurp(ws + "/" + files[0]),
              HasSubstr("| users | existing: reused, not recreated |"));
  EXPECT_THAT(Slurp(ws + "/" + files[1]),
              HasSubstr("user_id INTEGER NOT NULL REFERENCES users (id)"));
  EXPECT_THAT(Slurp(ws + "/" + files[2]), HasSubstr("users ||--o{ orders : \"user_id\""));
  EXPECT_THAT(Slurp(ws + "/" + files[3]), HasSubstr("DROP TABLE IF EXISTS orders;"));
  // users is reused: no migration or schema file recreates it.
  EXPECT_FALSE(fs::exists(ws + "/database/migrations/005_create_users_table.sql"));

  // The migrated schema lints clean for the designed table.
  absl::StatusOr<agents::schema::LoadedSchema> schema =
      agents::schema::LoadMigrationSchema(ws);
  ASSERT_TRUE(schema.ok()) << schema.status();
  agents::schema::LintOptions lint;
  lint.tables = {"orders"};
  EXPECT_THAT(agents::schema::LintSchema(*schema, lint), IsEmpty());
  EXPECT_THAT(FindingsOf(handoff, "systems-architect"), IsEmpty());
  EXPECT_THAT(FindingsOf(handoff, "security-auditor"), IsEmpty());

  // Exactly one commit, holding exactly the run's four files.
  EXPECT_EQ(*gitops::CountCommits(ws), 2);
  std::optional<gitops::CommitInfo> commit = RunCommit(*outcome);
  ASSERT_TRUE(commit.has_value());
  EXPECT_THAT(commit->files, UnorderedElementsAreArray(files));
  EXPECT_THAT(commit->message,
              HasSubstr("feat(db): design database schema for users and orders"));
}

TEST_F(SchemaDesignWorkflowTest, PersonalDataIsFlaggedButDoesNotBlockTheCommit) {
  UseFixture();
  absl::StatusOr<cli::RunOutcome> outcome = Run(Options(
      "Design database schema for customers (email, phone) and invoices with soft delete"));
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  ASSERT_TRUE(outcome->status.ok()) << outcome->status << "\n" << out_.str();
  EXPECT_THAT(FindingsOf(outcome->handoff, "security-auditor"),
              ElementsAre("WARNING pii-column customers.email holds personal data "
                          "(email address)",
                          "WARNING pii-column customers.name holds personal data "
                          "(personal name)",
                          "WARNING pii-column customers.phone holds personal data "
                          "(phone number)"));
  for (const Finding& finding : outcome->handoff.findings()) {
    if (finding.agent() != "security-auditor") continue;
    EXPECT_THAT(finding.location(),
                HasSubstr("database/migrations/004_create_customers_table.sql:"));
    EXPECT_THAT(finding.fix(), HasSubstr("masking"));
  }
  EXPECT_THAT(Slurp(outcome->workspace + "/database/schemas/invoices.sql"),
              HasSubstr("deleted_at TIMESTAMP NULL"));
  std::optional<gitops::CommitInfo> commit = RunCommit(*outcome);
  ASSERT_TRUE(commit.has_value());
  EXPECT_EQ(commit->files.size(), 6u);  // Spec, 2 DDL files, ERD, 2 migrations.
  EXPECT_EQ(*gitops::CountCommits(outcome->workspace), 2);
}

TEST_F(SchemaDesignWorkflowTest, SecretInAChangedFileBlocksTheCommit) {
  UseFixture();
  std::ofstream(repo_ + "/.env") << "# local\nDB_PASSWORD=Sup3r-S3cret\n";
  cli::RunOptions options = Options("Design database schema for users and orders");
  options.in_place = true;
  options.allow_dirty = true;
  absl::StatusOr<cli::RunOutcome> outcome = Run(options);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_FALSE(outcome->status.ok());
  EXPECT_THAT(std::string(outcome->status.message()),
              HasSubstr("refusing to commit: 1 BLOCKER finding"));
  EXPECT_THAT(std::string(outcome->status.message()), HasSubstr("(.env:2)"));
  EXPECT_THAT(FindingsOf(outcome->handoff, "security-auditor"),
              ElementsAre(HasSubstr("BLOCKER secret-password")));
  EXPECT_EQ(*gitops::CountCommits(repo_), 1);
}

TEST_F(SchemaDesignWorkflowTest, RepositoryWithoutDatabaseFolderGetsTheCardLayout) {
  const std::string tree = scratch_ + "/tree";
  fs::create_directories(tree);
  std::ofstream(tree + "/README.md") << "# shop\n";
  UseTree(tree);
  absl::StatusOr<cli::RunOutcome> outcome =
      Run(Options("Design database schema for users and orders"));
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  ASSERT_TRUE(outcome->status.ok()) << outcome->status << "\n" << out_.str();
  std::optional<gitops::CommitInfo> commit = RunCommit(*outcome);
  ASSERT_TRUE(commit.has_value());
  EXPECT_THAT(commit->files,
              UnorderedElementsAreArray(std::vector<std::string>{
                  "database/migrations/001_create_users_table.sql",
                  "database/migrations/002_create_orders_table.sql",
                  "database/schemas/erd.md", "database/schemas/orders.sql",
                  "database/schemas/users.sql",
                  "database/specs/design-database-schema-for-users-and-orders.md"}));
}

TEST_F(SchemaDesignWorkflowTest, ErdOnlyCommitsTheSpecAndTheDiagram) {
  UseFixture();
  absl::StatusOr<cli::RunOutcome> outcome = Run(Options("Create ERD"));
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  ASSERT_TRUE(outcome->status.ok()) << outcome->status << "\n" << out_.str();
  std::optional<gitops::CommitInfo> commit = RunCommit(*outcome);
  ASSERT_TRUE(commit.has_value());
  EXPECT_THAT(commit->files, ElementsAre("database/schemas/erd.md",
                                         "database/specs/create-erd.md"));
}

TEST_F(SchemaDesignWorkflowTest, RequestNamingNothingFailsAtTheSpecAndCommitsNothing) {
  UseFixture();
  absl::StatusOr<cli::RunOutcome> outcome =
      Run(Options("Design database schema"));
  ASSERT_TRUE(outcome.ok()) << outcome.status() << "\n" << out_.str();
  EXPECT_FALSE(outcome->status.ok());
  EXPECT_THAT(std::string(outcome->status.message()), HasSubstr("names nothing to design"));
  ASSERT_EQ(outcome->handoff.steps_size(), 1);
  EXPECT_EQ(outcome->handoff.steps(0).agent(), "spec-manager");
  EXPECT_EQ(*gitops::CountCommits(repo_), 1);
}

}  // namespace
}  // namespace baton
