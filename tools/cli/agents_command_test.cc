#include "tools/cli/agents_command.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gitops/repository.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::cli {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kMixedRegistry[] = "testing/agents/registries/mixed.textproto";

class AgentsCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cwd_ = std::filesystem::current_path().string();
    installation_.cards_dir = cwd_ + "/domains";
    installation_.agents_root = cwd_;
    repo_ = absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_TRUE(gitops::InitRepository(repo_, "Ada", "ada@example.com").ok());
  }

  int Run(const std::vector<std::string>& args) {
    out_.str("");
    err_.str("");
    return RunAgentsCommand(args, installation_, out_, err_);
  }

  std::string cwd_;
  std::string repo_;
  Installation installation_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(AgentsCommandTest, ListShowsKindAndDefinitionOfEveryAgent) {
  ASSERT_EQ(Run({"list", "--repo", repo_, "--agents", kMixedRegistry}), 0) << err_.str();
  const std::string out = out_.str();
  EXPECT_THAT(out, HasSubstr(absl::StrCat("Agent registry: ", kMixedRegistry)));
  EXPECT_THAT(out, AllOf(HasSubstr("qa-specialist                command (json)   "
                                   "testing/agents/registries/mixed.textproto:7"),
                         HasSubstr("doc-writer                   prompt           "
                                   "testing/agents/registries/mixed.textproto:17"),
                         HasSubstr("change-auditor               command (json)   "
                                   "testing/agents/registries/mixed.textproto:25"),
                         HasSubstr("git-workflow-manager         built-in         "
                                   "testing/agents/registries/mixed.textproto:33"),
                         HasSubstr("spec-manager                 built-in         built-in")));
  // Commands were resolved against the registry's folder.
  EXPECT_THAT(out, AllOf(HasSubstr(absl::StrCat("    ", cwd_, "/testing/agents/py_qa_agent.py\n")),
                         HasSubstr("timeout 1m, 1 attempt, may not write files"),
                         HasSubstr("json_agent.sh --mode ok\n    timeout 10m, 3 attempts, "
                                   "may not write files"),
                         HasSubstr("Python json agent")));
  EXPECT_THAT(err_.str(), IsEmpty());
}

TEST_F(AgentsCommandTest, ListUsesTheRepositorysRegistryFile) {
  ASSERT_EQ(Run({"list", "--repo", repo_}), 0);
  EXPECT_THAT(out_.str(), HasSubstr("built-in agents only"));
  std::ofstream(repo_ + "/agents.textproto")
      << "agent {\n  name: \"lister\"\n  command: [\"/bin/ls\"]\n  protocol: \"prompt\"\n}\n";
  ASSERT_EQ(Run({"list", "--repo", repo_ + "/"}), 0) << err_.str();
  EXPECT_THAT(out_.str(), AllOf(HasSubstr(absl::StrCat("Agent registry: ", repo_,
                                                       "/agents.textproto")),
                                HasSubstr(absl::StrCat("lister                       prompt  "
                                                       "         ", repo_,
                                                       "/agents.textproto:1"))));
}

TEST_F(AgentsCommandTest, CheckPassesForTheShippedCardAndBuiltins) {
  EXPECT_EQ(Run({"check", "--repo", repo_}), 0) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("ok: 8 agents; every agent of"));
}

TEST_F(AgentsCommandTest, CheckReportsUnknownAgentsOfACardWithItsLine) {
  installation_.cards_dir = cwd_ + "/testing/agents/cards";
  EXPECT_EQ(Run({"check", "--repo", repo_, "--agents", kMixedRegistry}), 2);
  EXPECT_THAT(err_.str(),
              AllOf(HasSubstr("testing/agents/cards/mixed.md:24: workflow \"Ghost Review\" "
                              "names agent \"ghost-agent\", which no registry defines"),
                    HasSubstr("1 problem")));
  // Without the registry, the card's command agents are unknown too.
  EXPECT_EQ(Run({"check", "--repo", repo_}), 2);
  EXPECT_THAT(err_.str(), AllOf(HasSubstr("names agent \"doc-writer\""),
                                HasSubstr("names agent \"change-auditor\""),
                                Not(HasSubstr("names agent \"qa-specialist\""))));
}

TEST_F(AgentsCommandTest, CheckReportsRegistryProblemsWithFileAndLine) {
  const std::string file = repo_ + "/agents.textproto";
  std::ofstream(file) << "agent {\n  name: \"doc-writer\"\n  command: [\"./missing.sh\"]\n"
                         "  protocol: \"prompt\"\n}\n"
                         "agent {\n  name: \"x\"\n  comand: [\"/bin/ls\"]\n}\n";
  EXPECT_EQ(Run({"check", "--repo", repo_}), 2);
  EXPECT_THAT(err_.str(),
              AllOf(HasSubstr(file + ":3:3: agent \"doc-writer\": command \"./missing.sh\" "
                                     "does not exist"),
                    HasSubstr(file + ":8:9: Message type \"baton.executor.AgentEntry\" has no "
                                     "field named \"comand\""),
                    HasSubstr(file + ":6:1: agent \"x\" needs a `command`"),
                    HasSubstr("3 problems")));
  EXPECT_EQ(Run({"list", "--repo", repo_}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("missing.sh"));
}

TEST_F(AgentsCommandTest, CheckReportsMissingBuiltinPrograms) {
  installation_.agents_root = repo_;  // No agents were built there.
  EXPECT_EQ(Run({"check", "--repo", repo_}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("agent infrastructure-specialist (built-in): program " +
                                    repo_ + "/agents/infrastructure_specialist/"
                                    "infrastructure-specialist is not built"));
}

TEST_F(AgentsCommandTest, BadUsageIsExplained) {
  EXPECT_EQ(Run({}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("usage: baton agents list|check"));
  EXPECT_EQ(Run({"remove"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("unknown action remove"));
  EXPECT_EQ(Run({"list", "--agents", repo_ + "/nope.textproto", "--repo", repo_}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("nope.textproto (--agents) does not exist"));
}

}  // namespace
}  // namespace baton::cli
