// ProcessStepRunner with each protocol, against real child processes: the
// scripted agents of testing/agents (bash and Python json agents, a fake LLM
// CLI), testing/fake_agent, and plain /bin tools as prompt agents.
#include "executor/process_step_runner.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "executor/protocol_version.h"
#include "gitops/committer.h"
#include "gitops/git_sandbox.h"
#include "gitops/repository.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::executor {
namespace {

using ::baton::gitops::WriteFile;
using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kMigration[] = "database/migrations/004_add_phone_number_to_users.sql";
constexpr char kDoc[] = "docs/migrations/004_add_phone_number_to_users.md";

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class ProcessStepRunnerTest : public ::testing::Test {
 protected:
  ProcessStepRunnerTest() : repo_(sandbox_.Dir("repo")) {}

  void SetUp() override {
    char cwd[4096];
    ASSERT_NE(::getcwd(cwd, sizeof(cwd)), nullptr);
    agents_ = absl::StrCat(cwd, "/testing/agents/");
    fake_agent_ = absl::StrCat(cwd, "/testing/fake_agent");
    ASSERT_THAT(gitops::InitRepository(repo_, "Ada", "ada@example.com"), IsOk());
    ASSERT_TRUE(WriteFile(repo_ + "/" + kMigration,
                          "-- Up migration\nALTER TABLE users ADD COLUMN phone_number "
                          "VARCHAR(20);\n\n-- Down migration\nALTER TABLE users DROP COLUMN "
                          "phone_number;\n"));
    ASSERT_TRUE(gitops::CommitPaths({repo_, {kMigration}, "feat: migration", {}}).ok());
    ASSERT_THAT(gitops::ExcludeFromGit(repo_, "/.baton/"), IsOk());
    UseWorkspace(repo_);

    request_.set_protocol_version(kProtocolVersion);
    handoff::Handoff* handoff = request_.mutable_handoff();
    handoff->set_run_id("20240101-000000-abcdef");
    handoff->set_domain("data");
    handoff->mutable_request()->set_text("Add phone_number column to users table");
    handoff->mutable_workflow()->set_name("Database Migration");
    handoff::Artifact* artifact = handoff->add_artifacts();
    artifact->set_path(kMigration);
    artifact->set_kind(handoff::Artifact::MIGRATION);
    artifact->set_agent("infrastructure-specialist");
    artifact->set_sha256("0123");
    artifact->set_commit(true);
    request_.mutable_step()->set_index(1);
    request_.mutable_step()->set_agent("doc-writer");
    request_.mutable_step()->set_note("document the migration");
  }

  void UseWorkspace(const std::string& workspace) {
    paths_.workspace = workspace;
    paths_.step_dir = absl::StrCat(repo_, "/.baton/runs/r/steps/01-agent");
    paths_.scratch_dir = paths_.step_dir + "/scratch";
    std::filesystem::create_directories(paths_.scratch_dir);
    request_.set_workspace(workspace);
    request_.set_scratch_dir(paths_.scratch_dir);
  }

  AgentSpec Command(const std::string& name, AgentProtocol protocol,
                    std::vector<std::string> argv) {
    AgentSpec spec;
    spec.name = name;
    spec.argv = std::move(argv);
    spec.protocol = protocol;
    spec.builtin = false;
    spec.timeout = absl::Seconds(30);
    spec.source = "agents.textproto:7";
    return spec;
  }

  AgentSpec BashJson(const std::string& mode) {
    return Command("change-auditor", AgentProtocol::kJson,
                   {agents_ + "json_agent.sh", "--mode", mode});
  }

  AgentSpec FakeLlm(std::vector<std::string> args = {}) {
    std::vector<std::string> argv = {agents_ + "fake_llm.sh"};
    argv.insert(argv.end(), args.begin(), args.end());
    return Command("doc-writer", AgentProtocol::kPrompt, argv);
  }

  absl::StatusOr<handoff::AgentResult> Run(const AgentSpec& agent) {
    StepTelemetry telemetry;
    return runner_.RunStep(agent, request_, paths_, &telemetry);
  }

  gitops::GitSandbox sandbox_;
  std::string repo_;
  std::string agents_;
  std::string fake_agent_;
  handoff::AgentRequest request_;
  StepPaths paths_;
  ProcessStepRunner runner_;
};

TEST_F(ProcessStepRunnerTest, ProtoAgentGetsBinaryRequestOnStdin) {
  AgentSpec agent = Command("fake", AgentProtocol::kProto, {fake_agent_, "ok"});
  absl::StatusOr<handoff::AgentResult> result = Run(agent);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->outcome(), handoff::AgentResult::SUCCEEDED);
  // Streamed from memory: no request file after a step that succeeded.
  EXPECT_FALSE(std::filesystem::exists(paths_.step_dir + "/request.pb"));
}

TEST_F(ProcessStepRunnerTest, ALargeRequestIsStreamedWhole) {
  // 8 MiB: far more than a socket's buffer, so it is written while the
  // agent reads.
  request_.mutable_handoff()->mutable_facts()->insert({"big", std::string(8 << 20, 'x')});
  const size_t size = request_.ByteSizeLong();
  absl::StatusOr<handoff::AgentResult> result =
      Run(Command("fake", AgentProtocol::kProto, {fake_agent_, "size"}));
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->summary(), absl::StrCat("read ", size, " bytes"));
}

TEST_F(ProcessStepRunnerTest, AnAgentThatNeverReadsItsRequestIsNotAnError) {
  request_.mutable_handoff()->mutable_facts()->insert({"big", std::string(8 << 20, 'x')});
  absl::StatusOr<handoff::AgentResult> result =
      Run(Command("fake", AgentProtocol::kProto, {fake_agent_, "nostdin"}));
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->summary(), "did not read the request");
}

TEST_F(ProcessStepRunnerTest, AFailedStepKeepsItsRequestForInspection) {
  EXPECT_FALSE(Run(Command("fake", AgentProtocol::kProto, {fake_agent_, "exit:3"})).ok());
  handoff::AgentRequest kept;
  ASSERT_TRUE(kept.ParseFromString(Slurp(paths_.step_dir + "/request.pb")));
  EXPECT_EQ(kept.step().agent(), request_.step().agent());

  std::filesystem::remove(paths_.step_dir + "/request.pb");
  absl::StatusOr<handoff::AgentResult> failed =
      Run(Command("fake", AgentProtocol::kProto, {fake_agent_, "fail"}));
  ASSERT_THAT(failed, IsOk());
  EXPECT_EQ(failed->outcome(), handoff::AgentResult::FAILED);
  EXPECT_TRUE(std::filesystem::exists(paths_.step_dir + "/request.pb"));
}

TEST_F(ProcessStepRunnerTest, TheRequestPlaceholderStillGetsAFile) {
  absl::StatusOr<handoff::AgentResult> result =
      Run(Command("fake", AgentProtocol::kProto, {fake_agent_, "ok", "{request}"}));
  ASSERT_THAT(result, IsOk());
  handoff::AgentRequest named;
  ASSERT_TRUE(named.ParseFromString(Slurp(paths_.step_dir + "/request.pb")));
  EXPECT_EQ(named.step().agent(), request_.step().agent());
}

TEST_F(ProcessStepRunnerTest, BashJsonAgentReadsJsonAndAnswersInJson) {
  absl::StatusOr<handoff::AgentResult> result = Run(BashJson("ok"));
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->outcome(), handoff::AgentResult::SUCCEEDED);
  EXPECT_EQ(result->summary(), "bash agent audited 1 artifact(s) of run 20240101-000000-abcdef");
  EXPECT_EQ(result->facts().at("bash.artifacts"), "1");
  ASSERT_EQ(result->findings_size(), 1);
  EXPECT_EQ(result->findings(0).rule(), "bash-audit");
  // The request came on stdin; after a failed step it is kept as a file,
  // JSON with handoff.proto's field names.
  EXPECT_FALSE(std::filesystem::exists(paths_.step_dir + "/request.json"));
  EXPECT_FALSE(Run(BashJson("malformed")).ok());
  EXPECT_THAT(Slurp(paths_.step_dir + "/request.json"),
              AllOf(HasSubstr("\"scratch_dir\": "), HasSubstr("\"kind\": \"MIGRATION\"")));
}

TEST_F(ProcessStepRunnerTest, MalformedJsonNamesTheAgentAndWhere) {
  EXPECT_THAT(Run(BashJson("malformed")),
              StatusIs(absl::StatusCode::kInternal,
                       AllOf(HasSubstr("agent change-auditor ("), HasSubstr("json_agent.sh)"),
                             HasSubstr("wrote malformed JSON"), HasSubstr("at line 1, column"),
                             HasSubstr("stderr.log"))));
}

TEST_F(ProcessStepRunnerTest, UnknownJsonFieldNamesItsPath) {
  EXPECT_THAT(Run(BashJson("unknown-field")),
              StatusIs(absl::StatusCode::kInternal,
                       AllOf(HasSubstr("agent change-auditor"),
                             HasSubstr("unknown field at findings[0].mesage"))));
}

TEST_F(ProcessStepRunnerTest, JsonTypeErrorNamesItsPath) {
  EXPECT_THAT(Run(BashJson("type-error")),
              StatusIs(absl::StatusCode::kInternal,
                       AllOf(HasSubstr("agent change-auditor"),
                             HasSubstr("bad value at findings[0].message: invalid value 42"))));
}

TEST_F(ProcessStepRunnerTest, PythonJsonAgentErrorsNameTheirPaths) {
  AgentSpec agent = Command("qa-specialist", AgentProtocol::kJson,
                            {agents_ + "py_qa_agent.py", "--mode", "type-error"});
  EXPECT_THAT(Run(agent), StatusIs(absl::StatusCode::kInternal,
                                   HasSubstr("bad value at artifacts[0].commit")));
  agent.argv.back() = "unknown-field";
  EXPECT_THAT(Run(agent), StatusIs(absl::StatusCode::kInternal,
                                   HasSubstr("unknown field at artifacts[0].comitted")));
}

TEST_F(ProcessStepRunnerTest, ExitCode75IsTransient) {
  EXPECT_THAT(Run(BashJson("tempfail:1")),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("exit code 75")));
  EXPECT_THAT(Run(BashJson("tempfail:1")), IsOk());
}

TEST_F(ProcessStepRunnerTest, JsonAgentThatMayNotWriteFailsWhenItWrites) {
  AgentSpec agent = Command("change-auditor", AgentProtocol::kJson,
                            {agents_ + "json_agent.sh", "--write", "audit/out.txt"});
  agent.may_write_files = false;
  EXPECT_THAT(Run(agent), StatusIs(absl::StatusCode::kPermissionDenied,
                                   AllOf(HasSubstr("may not write files"),
                                         HasSubstr("agents.textproto:7"),
                                         HasSubstr("audit/out.txt"))));
  agent.argv.resize(1);
  std::filesystem::remove_all(repo_ + "/audit");
  EXPECT_THAT(Run(agent), IsOk());
}

TEST_F(ProcessStepRunnerTest, PromptAgentReportAndFilesBecomeArtifacts) {
  ASSERT_TRUE(WriteFile(repo_ + "/scratch-notes.txt", "the user's own dirty file"));
  absl::StatusOr<handoff::AgentResult> result = Run(FakeLlm());
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->protocol_version(), kProtocolVersion);
  EXPECT_EQ(result->outcome(), handoff::AgentResult::SUCCEEDED);
  EXPECT_EQ(result->summary(),
            "Documented 1 migration(s) for \"Add phone_number column to users table\"");
  ASSERT_EQ(result->artifacts_size(), 2);
  const handoff::Artifact& report = result->artifacts(0);
  EXPECT_EQ(report.path(), ".baton/reports/20240101-000000-abcdef/01-agent/report.md");
  EXPECT_EQ(report.kind(), handoff::Artifact::REPORT);
  EXPECT_FALSE(report.commit());
  EXPECT_THAT(Slurp(repo_ + "/" + report.path()), HasSubstr("Prompt sections seen: Request, Route, Previous steps, "
                      "Open findings, Artifacts so far, How to answer."));
  const handoff::Artifact& doc = result->artifacts(1);
  EXPECT_EQ(doc.path(), kDoc);
  EXPECT_EQ(doc.kind(), handoff::Artifact::SPEC);
  EXPECT_TRUE(doc.commit());
  EXPECT_THAT(Slurp(repo_ + "/" + kDoc), HasSubstr("DROP COLUMN phone_number"));
  EXPECT_EQ(result->facts().at("doc-writer.report"), report.path());
  // The prompt it read is kept with the step.
  EXPECT_THAT(Slurp(paths_.step_dir + "/prompt.md"),
              AllOf(HasSubstr("Your task in this step: document the migration."),
                    HasSubstr(absl::StrCat("- `", kMigration, "` (migration"))));
}

TEST_F(ProcessStepRunnerTest, PromptReachesTheCommandThroughEachChannel) {
  // stdin, a {prompt} file, and {prompt_text} as one argument.
  const std::vector<std::vector<std::string>> commands = {
      {"/bin/cat"}, {"/bin/cat", "{prompt}"}, {"/bin/echo", "{prompt_text}"}};
  for (const std::vector<std::string>& argv : commands) {
    absl::StatusOr<handoff::AgentResult> result =
        Run(Command("doc-writer", AgentProtocol::kPrompt, argv));
    ASSERT_THAT(result, IsOk()) << argv.back();
    EXPECT_EQ(result->summary(), "Step 2: doc-writer") << argv.back();
  }
  absl::StatusOr<handoff::AgentResult> result = Run(Command(
      "doc-writer", AgentProtocol::kPrompt,
      {"/bin/echo", "-e", "ws={workspace}\\nscratch={scratch}\\nreq={request}"}));
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(Slurp(absl::StrCat(repo_, "/", result->artifacts(0).path())),
            absl::StrCat("ws=", repo_, "\nscratch=", paths_.scratch_dir, "\nreq=",
                         paths_.step_dir, "/request.json\n"));
}

TEST_F(ProcessStepRunnerTest, HandoffPlaceholderGetsTheHandoffInTheProtocolsEncoding) {
  absl::StatusOr<handoff::AgentResult> result = Run(Command(
      "doc-writer", AgentProtocol::kPrompt, {"/bin/cat", "{handoff}", "--", "{step_dir}/x"}));
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kInternal, HasSubstr("exit code 1")));
  EXPECT_THAT(Slurp(paths_.step_dir + "/handoff.json"),
              HasSubstr("\"run_id\": \"20240101-000000-abcdef\""));
  // /bin/cat complained about the one file that does not exist.
  EXPECT_THAT(Slurp(paths_.step_dir + "/stderr.log"),
              HasSubstr(paths_.step_dir + "/x: No such file"));

  AgentSpec proto = Command("fake", AgentProtocol::kProto, {fake_agent_, "ok", "{handoff}"});
  ASSERT_THAT(Run(proto), IsOk());
  handoff::Handoff written;
  ASSERT_TRUE(written.ParseFromString(Slurp(paths_.step_dir + "/handoff.pb")));
  EXPECT_EQ(written.run_id(), "20240101-000000-abcdef");
}

TEST_F(ProcessStepRunnerTest, PromptAgentPlantingASymlinkOutOfTheWorkspaceFails) {
  EXPECT_THAT(Run(FakeLlm({"--escape"})),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       AllOf(HasSubstr("agent doc-writer"),
                             HasSubstr("wrote outside the workspace"),
                             HasSubstr("docs/escape.md"))));
}

TEST_F(ProcessStepRunnerTest, KernelRefusesCommandAgentWritesOutsideItsFolders) {
  const std::string outside = sandbox_.Dir("elsewhere") + "/escaped.md";
  absl::StatusOr<handoff::AgentResult> result = Run(FakeLlm({"--write-outside", outside}));
  if (std::filesystem::exists(outside)) GTEST_SKIP() << "this kernel has no Landlock";
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kInternal,
                               AllOf(HasSubstr("agent doc-writer"), HasSubstr("exit code 1"))));
  EXPECT_THAT(Slurp(paths_.step_dir + "/stderr.log"), HasSubstr("Permission denied"));
  // Inside the workspace and the scratch folder it may write.
  EXPECT_THAT(Run(FakeLlm({"--write-outside", paths_.scratch_dir + "/ok.md"})), IsOk());
}

TEST_F(ProcessStepRunnerTest, PromptAgentWritingElsewhereInTheRepositoryFails) {
  std::filesystem::create_directories(repo_ + "/service");
  UseWorkspace(repo_ + "/service");
  AgentSpec agent = Command("doc-writer", AgentProtocol::kPrompt,
                            {"/bin/cp", "{prompt}", "../stray.md"});
  // Not write-confined by the kernel (as on a kernel without Landlock), so
  // this exercises Baton's own check after the fact.
  agent.confine_writes = false;
  EXPECT_THAT(Run(agent), StatusIs(absl::StatusCode::kPermissionDenied,
                                   AllOf(HasSubstr("wrote outside the workspace"),
                                         HasSubstr("stray.md (outside the workspace"))));
}

TEST_F(ProcessStepRunnerTest, PromptAgentThatMayNotWriteFailsNamingTheFiles) {
  AgentSpec agent = FakeLlm();
  agent.may_write_files = false;
  EXPECT_THAT(Run(agent), StatusIs(absl::StatusCode::kPermissionDenied,
                                   AllOf(HasSubstr("may not write files"), HasSubstr(kDoc))));
}

TEST_F(ProcessStepRunnerTest, PromptAgentDeletingAFileLeavesAWarning) {
  absl::StatusOr<handoff::AgentResult> result = Run(Command(
      "doc-writer", AgentProtocol::kPrompt, {"/bin/rm", "-v", kMigration}));
  ASSERT_THAT(result, IsOk());
  ASSERT_EQ(result->findings_size(), 1);
  EXPECT_EQ(result->findings(0).severity(), handoff::Finding::WARNING);
  EXPECT_THAT(result->findings(0).message(), HasSubstr(absl::StrCat("deleted ", kMigration)));
  ASSERT_EQ(result->artifacts_size(), 1);  // Only the report.
}

TEST_F(ProcessStepRunnerTest, PromptAgentWithoutReportFails) {
  EXPECT_THAT(Run(FakeLlm({"--silent"})),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("printed no report")));
}

TEST_F(ProcessStepRunnerTest, PromptAgentNeedsAGitWorkspace) {
  UseWorkspace(sandbox_.Dir("plain"));
  EXPECT_THAT(Run(FakeLlm()), StatusIs(absl::StatusCode::kFailedPrecondition,
                                       HasSubstr("is not inside a git repository")));
}

TEST_F(ProcessStepRunnerTest, ReportIsKeptInTheWorkspaceWhereverTheStepFolderIs) {
  paths_.step_dir = sandbox_.Dir("state") + "/steps/01-doc-writer";
  std::filesystem::create_directories(paths_.step_dir);
  absl::StatusOr<handoff::AgentResult> result =
      Run(Command("doc-writer", AgentProtocol::kPrompt, {"/bin/cat"}));
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->artifacts(0).path(),
            ".baton/reports/20240101-000000-abcdef/01-doc-writer/report.md");
  EXPECT_THAT(Slurp(repo_ + "/" + result->artifacts(0).path()), HasSubstr("## Request"));
  // The prompt stays with the step, for inspection.
  EXPECT_THAT(Slurp(paths_.step_dir + "/prompt.md"), HasSubstr("## Request"));
}

TEST_F(ProcessStepRunnerTest, MissingCommandNamesItsRegistryEntry) {
  AgentSpec agent = Command("ghost", AgentProtocol::kJson, {agents_ + "no-such-agent.sh"});
  EXPECT_THAT(Run(agent), StatusIs(absl::StatusCode::kNotFound,
                                   AllOf(HasSubstr("could not start"),
                                         HasSubstr("check its entry at agents.textproto:7"))));
}

TEST(ScrubbedEnvironmentTest, AllowlistAddsAndReplacesVariables) {
  ::setenv("BATON_TEST_TOKEN", "secret", 1);
  ::setenv("LANG", "fr_FR.UTF-8", 1);
  AgentSpec agent;
  agent.env_allowlist = {"BATON_TEST_TOKEN", "LANG", "BATON_TEST_UNSET"};
  std::vector<std::string> env = ScrubbedEnvironment(agent, "/scratch");
  EXPECT_THAT(env, ElementsAre("PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/scratch",
                               "TMPDIR=/scratch", "BATON_TEST_TOKEN=secret",
                               "LANG=fr_FR.UTF-8"));
  EXPECT_THAT(ScrubbedEnvironment(AgentSpec{}, "/s"), Not(Contains(HasSubstr("TOKEN"))));
}

}  // namespace
}  // namespace baton::executor
