// One workflow that mixes built-in agents with command agents from an agent
// registry: the Database Migration chain of testing/agents/cards/mixed.md,
//   infrastructure-specialist (built-in) → doc-writer (prompt: fake LLM CLI)
//   → qa-specialist (json: Python, replacing the built-in) → change-auditor
//   (json: bash) → git-workflow-manager (built-in, limits from the registry)
// run end to end on a copy of testing/fixtures/data_repo with real git; then
// each failure mode of the registry and the protocols.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gitops/committer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "tools/cli/demo_repository.h"
#include "tools/cli/pipeline.h"

namespace baton {
namespace {

using ::baton::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kRegistry[] = "testing/agents/registries/mixed.textproto";
constexpr char kMigration[] = "database/migrations/004_add_phone_number_to_users.sql";
constexpr char kDoc[] = "docs/migrations/004_add_phone_number_to_users.md";

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// 1-based line of the first line of `text` containing `needle`, or 0.
int LineOf(const std::string& text, absl::string_view needle) {
  int line = 0;
  for (absl::string_view row : absl::StrSplit(text, '\n')) {
    ++line;
    if (absl::StrContains(row, needle)) return line;
  }
  return 0;
}

class MixedWorkflowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cwd_ = std::filesystem::current_path().string();
    installation_.cards_dir = cwd_ + "/testing/agents/cards";
    installation_.agents_root = cwd_;
    scratch_ = absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(scratch_);
    absl::StatusOr<std::string> repo =
        cli::CreateDemoRepository(cwd_ + "/testing/fixtures/data_repo", scratch_);
    ASSERT_TRUE(repo.ok()) << repo.status();
    repo_ = *repo;
  }

  cli::RunOptions Options(const std::string& agents_file,
                          const std::string& workflow = "Database Migration") {
    cli::RunOptions options;
    options.request = "Add phone_number column to users table";
    options.repo = repo_;
    options.domain = "data";
    options.workflow = workflow;
    options.agents_file = agents_file;
    options.retry_base_delay = absl::Milliseconds(1);
    return options;
  }

  // The checked-in registry with absolute commands and `edits` applied,
  // written to <scratch>/<name>.
  std::string Variant(const std::string& name,
                      const std::vector<std::pair<std::string, std::string>>& edits) {
    std::string text = absl::StrReplaceAll(Slurp(kRegistry),
                                           {{"\"../", absl::StrCat("\"", cwd_, "/testing/agents/")}});
    for (const auto& [from, to] : edits) {
      EXPECT_THAT(text, HasSubstr(from));
      text = absl::StrReplaceAll(text, {{from, to}});
    }
    const std::string path = absl::StrCat(scratch_, "/", name);
    std::ofstream(path) << text;
    return path;
  }

  // Runs the migration workflow with `agents_file`; the run must start.
  cli::RunOutcome RunStarted(const std::string& agents_file) {
    absl::StatusOr<cli::RunOutcome> outcome =
        cli::StartRun(installation_, Options(agents_file), out_);
    EXPECT_TRUE(outcome.ok()) << outcome.status() << "\n" << out_.str();
    return outcome.ok() ? *outcome : cli::RunOutcome{};
  }

  // The run failed at `agent` with a message matching `matcher`; nothing
  // was committed.
  void ExpectFailedAt(const cli::RunOutcome& outcome, const std::string& agent,
                      ::testing::Matcher<std::string> matcher) {
    EXPECT_FALSE(outcome.status.ok()) << out_.str();
    EXPECT_THAT(std::string(outcome.status.message()), matcher);
    EXPECT_EQ(outcome.handoff.status(), handoff::RUN_FAILED);
    ASSERT_GT(outcome.handoff.steps_size(), 0);
    const handoff::StepRecord& last =
        outcome.handoff.steps(outcome.handoff.steps_size() - 1);
    EXPECT_EQ(last.agent(), agent);
    EXPECT_EQ(last.status(), handoff::STEP_FAILED);
    EXPECT_TRUE(outcome.handoff.commit().commit_id().empty());
  }

  // Nothing of a run exists: it was refused before it started.
  void ExpectNoRun() {
    EXPECT_FALSE(std::filesystem::exists(repo_ + "/.baton/runs") &&
                 !std::filesystem::is_empty(repo_ + "/.baton/runs"));
  }

  std::string cwd_;
  std::string scratch_;
  std::string repo_;
  cli::Installation installation_;
  std::ostringstream out_;
};

TEST_F(MixedWorkflowTest, BuiltinJsonAndPromptAgentsShareOneRunAndOneCommit) {
  cli::RunOutcome outcome = RunStarted(kRegistry);
  ASSERT_TRUE(outcome.status.ok()) << outcome.status << "\n" << out_.str();
  const handoff::Handoff& handoff = outcome.handoff;
  EXPECT_EQ(handoff.status(), handoff::RUN_SUCCEEDED);
  ASSERT_EQ(handoff.steps_size(), 5);
  std::vector<std::string> agents;
  for (const handoff::StepRecord& step : handoff.steps()) agents.push_back(step.agent());
  EXPECT_THAT(agents, ElementsAre("infrastructure-specialist", "doc-writer", "qa-specialist",
                                  "change-auditor", "git-workflow-manager"));

  // The prompt agent: its report's first line is the summary, the report is
  // kept (not committed), and the file it wrote is an artifact to commit.
  EXPECT_EQ(handoff.steps(1).summary(),
            "Documented 1 migration(s) for \"Add phone_number column to users table\"");
  // The Python json agent really ran the migrations.
  EXPECT_EQ(handoff.steps(2).summary(),
            "python agent ran 4 migration(s) up, 1 down and up again on SQLite");
  // The bash json agent saw every artifact so far.
  EXPECT_EQ(handoff.steps(3).summary(),
            absl::StrCat("bash agent audited ", handoff.artifacts_size(), " artifact(s) of run ",
                         outcome.run_id));
  EXPECT_EQ(handoff.facts().at("bash.artifacts"), std::to_string(handoff.artifacts_size()));
  EXPECT_EQ(handoff.facts().at("py_qa.checked"), "1");
  std::vector<std::string> rules;
  for (const handoff::Finding& finding : handoff.findings()) rules.push_back(finding.rule());
  EXPECT_THAT(rules, AllOf(Contains("py-qa.reversible"), Contains("bash-audit")));

  const handoff::Artifact* report = nullptr;
  const handoff::Artifact* doc = nullptr;
  for (const handoff::Artifact& artifact : handoff.artifacts()) {
    if (artifact.kind() == handoff::Artifact::REPORT) report = &artifact;
    if (artifact.path() == kDoc) doc = &artifact;
  }
  ASSERT_NE(report, nullptr);
  ASSERT_NE(doc, nullptr);
  EXPECT_FALSE(report->commit());
  EXPECT_EQ(report->agent(), "doc-writer");
  EXPECT_THAT(Slurp(outcome.workspace + "/" + report->path()),
              HasSubstr("Files written: docs/migrations/004_add_phone_number_to_users.md."));
  EXPECT_TRUE(doc->commit());
  EXPECT_EQ(doc->agent(), "doc-writer");
  EXPECT_EQ(doc->sha256().size(), 64u);

  // One commit holding the migration and the prompt agent's document.
  absl::StatusOr<gitops::CommitInfo> commit =
      gitops::DescribeCommit(outcome.workspace, handoff.commit().commit_id());
  ASSERT_TRUE(commit.ok()) << commit.status();
  EXPECT_THAT(commit->files, ElementsAre(kMigration, kDoc));
  EXPECT_THAT(commit->message, HasSubstr("Baton-Run: " + outcome.run_id));

  // The prompt the fake LLM read (it quotes it in its report): request,
  // route, note, previous steps, artifacts so far and the card's standards.
  const std::string quoted = Slurp(outcome.workspace + "/" + report->path());
  EXPECT_THAT(quoted, AllOf(HasSubstr("> # Step 2: doc-writer"),
                            HasSubstr("> Your task in this step: document the migration."),
                            HasSubstr("> Add phone_number column to users table"),
                            HasSubstr("workflow \"Database Migration\": infrastructure-specialist"),
                            HasSubstr(handoff.steps(0).summary()),
                            HasSubstr(absl::StrCat("> - `", kMigration, "` (migration")),
                            HasSubstr("> ### Migration Standards\n> - Version-controlled "
                                      "migrations")));
}

TEST_F(MixedWorkflowTest, RegistryAtTheRepositoryRootIsUsedWithoutAFlag) {
  const std::string variant = Variant("agents.textproto", {});
  std::filesystem::copy_file(variant, repo_ + "/agents.textproto");
  ASSERT_TRUE(gitops::CommitPaths({repo_, {"agents.textproto"}, "chore: agents", {}}).ok());
  cli::RunOutcome outcome = RunStarted("");
  ASSERT_TRUE(outcome.status.ok()) << outcome.status << "\n" << out_.str();
  EXPECT_THAT(outcome.handoff.steps(2).summary(), StartsWith("python agent ran"));
}

TEST_F(MixedWorkflowTest, InPlaceRunCommitsOnTheCheckoutAndKeepsTheReportOutOfGit) {
  cli::RunOptions options = Options(kRegistry);
  options.in_place = true;
  absl::StatusOr<cli::RunOutcome> outcome = cli::StartRun(installation_, options, out_);
  ASSERT_TRUE(outcome.ok() && outcome->status.ok()) << out_.str();
  EXPECT_EQ(outcome->workspace, repo_);
  absl::StatusOr<std::optional<gitops::CommitInfo>> commit =
      gitops::FindCommitWithTrailer(repo_, "Baton-Run", outcome->run_id);
  ASSERT_TRUE(commit.ok() && commit->has_value());
  EXPECT_THAT((*commit)->files, ElementsAre(kMigration, kDoc));
  EXPECT_TRUE(std::filesystem::exists(
      absl::StrCat(repo_, "/", outcome->handoff.facts().at("doc-writer.report"))));
}

TEST_F(MixedWorkflowTest, MalformedJsonFailsTheStepNamingTheAgent) {
  cli::RunOutcome outcome = RunStarted(
      Variant("malformed.textproto", {{"\"--mode\", \"ok\"", "\"--mode\", \"malformed\""}}));
  ExpectFailedAt(outcome, "change-auditor",
                 AllOf(HasSubstr("agent change-auditor ("), HasSubstr("json_agent.sh)"),
                       HasSubstr("wrote malformed JSON"), HasSubstr("at line 1, column"),
                       HasSubstr("stderr.log")));
}

TEST_F(MixedWorkflowTest, UnknownJsonFieldFailsTheStepNamingThePath) {
  cli::RunOutcome outcome = RunStarted(Variant(
      "unknown_field.textproto",
      {{"[\"" + cwd_ + "/testing/agents/py_qa_agent.py\"]",
        "[\"" + cwd_ + "/testing/agents/py_qa_agent.py\", \"--mode\", \"unknown-field\"]"}}));
  ExpectFailedAt(outcome, "qa-specialist",
                 AllOf(HasSubstr("agent qa-specialist ("),
                       HasSubstr("unknown field at artifacts[0].comitted")));
}

TEST_F(MixedWorkflowTest, JsonTypeErrorFailsTheStepNamingThePath) {
  cli::RunOutcome outcome = RunStarted(
      Variant("type_error.textproto", {{"\"--mode\", \"ok\"", "\"--mode\", \"type-error\""}}));
  ExpectFailedAt(outcome, "change-auditor",
                 AllOf(HasSubstr("agent change-auditor ("),
                       HasSubstr("bad value at findings[0].message: invalid value 42")));
}

TEST_F(MixedWorkflowTest, MissingCommandStopsTheRunBeforeItStartsWithFileAndLine) {
  const std::string file =
      Variant("missing.textproto", {{"/testing/agents/fake_llm.sh", "/testing/agents/no_llm.sh"}});
  absl::StatusOr<cli::RunOutcome> outcome = cli::StartRun(installation_, Options(file), out_);
  EXPECT_THAT(outcome, StatusIs(absl::StatusCode::kInvalidArgument,
                                AllOf(HasSubstr(absl::StrCat(file, ":",
                                                             LineOf(Slurp(file), "no_llm.sh"),
                                                             ":3: agent \"doc-writer\": command")),
                                      HasSubstr("no_llm.sh\" does not exist"))));
  ExpectNoRun();
}

TEST_F(MixedWorkflowTest, UnknownRegistryKeyStopsTheRunBeforeItStartsWithItsLine) {
  const std::string file =
      Variant("unknown_key.textproto", {{"timeout_seconds: 120", "timeout: 120"}});
  absl::StatusOr<cli::RunOutcome> outcome = cli::StartRun(installation_, Options(file), out_);
  EXPECT_THAT(outcome, StatusIs(absl::StatusCode::kInvalidArgument,
                                AllOf(HasSubstr(absl::StrCat(file, ":",
                                                             LineOf(Slurp(file), "timeout: 120"),
                                                             ":")),
                                      HasSubstr("no field named \"timeout\""))));
  ExpectNoRun();
}

TEST_F(MixedWorkflowTest, UnknownAgentInTheCardStopsTheRunBeforeItStarts) {
  absl::StatusOr<cli::RunOutcome> outcome =
      cli::StartRun(installation_, Options(kRegistry, "Ghost Review"), out_);
  EXPECT_THAT(outcome,
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("testing/agents/cards/mixed.md:24: workflow \"Ghost "
                                       "Review\" names unknown agent(s) ghost-agent"),
                             HasSubstr("doc-writer"))));
  ExpectNoRun();
}

TEST_F(MixedWorkflowTest, PromptAgentWritingOutsideTheWorkspaceFailsTheStep) {
  cli::RunOutcome outcome = RunStarted(Variant(
      "escape.textproto", {{"\"--quote-prompt\"]", "\"--quote-prompt\", \"--escape\"]"}}));
  ExpectFailedAt(outcome, "doc-writer",
                 AllOf(HasSubstr("agent doc-writer ("), HasSubstr("wrote outside the workspace"),
                       HasSubstr("docs/escape.md"),
                       HasSubstr("resolves outside the workspace (to /etc/passwd)")));
}

TEST_F(MixedWorkflowTest, PromptAgentThatMayNotWriteFailsNamingTheFile) {
  cli::RunOutcome outcome = RunStarted(Variant(
      "read_only.textproto",
      {{"protocol: \"prompt\"", "protocol: \"prompt\"\n  may_write_files: false"}}));
  ExpectFailedAt(outcome, "doc-writer",
                 AllOf(HasSubstr("agent doc-writer ("), HasSubstr("may not write files"),
                       HasSubstr("read_only.textproto:17"), HasSubstr(kDoc)));
}

}  // namespace
}  // namespace baton
