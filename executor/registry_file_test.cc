#include "executor/registry_file.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::executor {
namespace {

using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class RegistryFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_ + "/agents");
    std::filesystem::create_directories(dir_ + "/bin");
    Script(dir_ + "/agents/qa.py");
    Script(dir_ + "/bin/my-llm");
    std::ofstream(dir_ + "/agents/not_executable.sh") << "#!/bin/sh\n";
  }

  static void Script(const std::string& path) {
    std::ofstream(path) << "#!/bin/sh\nexit 0\n";
    ::chmod(path.c_str(), 0755);
  }

  // Writes `text` as <dir>/agents.textproto and reads it.
  LoadedRegistry Read(const std::string& text) {
    file_ = dir_ + "/agents.textproto";
    std::ofstream(file_) << text;
    RegistryOptions options;
    options.builtin_root = "/opt/baton";
    options.file = file_;
    options.search_path = dir_ + "/empty:" + dir_ + "/bin";
    return ReadAgentRegistry(options);
  }

  std::string dir_;
  std::string file_;
};

TEST_F(RegistryFileTest, NoFileMeansBuiltinsOnly) {
  LoadedRegistry loaded = ReadAgentRegistry({"/opt/baton", "", ""});
  EXPECT_THAT(loaded.problems, IsEmpty());
  EXPECT_THAT(loaded.registry.Names(), SizeIs(std::size(kBuiltinAgents)));
}

TEST_F(RegistryFileTest, EntriesAddCommandsAndOverrideBuiltins) {
  LoadedRegistry loaded = Read(R"(# A comment.
agent {
  name: "qa-specialist"
  command: ["agents/qa.py", "--request={request}", "{workspace}"]
  protocol: "json"
  timeout_seconds: 90
  max_attempts: 2
  env_allowlist: ["PYTHONPATH"]
  may_write_files: false
  description: "Python QA"
}
agent {
  name: "doc-writer"
  command: ["my-llm", "--prompt-file", "{prompt}"]
  protocol: "prompt"
}
agent { name: "git-workflow-manager" builtin: true timeout_seconds: 30 }
)");
  ASSERT_THAT(loaded.problems, IsEmpty());
  const AgentSpec* qa = *loaded.registry.Find("qa-specialist");
  EXPECT_THAT(qa->argv, ElementsAre(dir_ + "/agents/qa.py", "--request={request}", "{workspace}"));
  EXPECT_EQ(qa->protocol, AgentProtocol::kJson);
  EXPECT_FALSE(qa->builtin);
  EXPECT_EQ(qa->timeout, absl::Seconds(90));
  EXPECT_EQ(qa->max_attempts, 2);
  EXPECT_THAT(qa->env_allowlist, ElementsAre("PYTHONPATH"));
  EXPECT_FALSE(qa->may_write_files);
  EXPECT_EQ(qa->description, "Python QA");
  EXPECT_EQ(qa->source, file_ + ":2");

  const AgentSpec* writer = *loaded.registry.Find("doc-writer");
  EXPECT_THAT(writer->argv, ElementsAre(dir_ + "/bin/my-llm", "--prompt-file", "{prompt}"));
  EXPECT_EQ(DescribeKind(*writer), "prompt");
  EXPECT_TRUE(writer->may_write_files);
  EXPECT_EQ(writer->source, file_ + ":12");

  const AgentSpec* git = *loaded.registry.Find("git-workflow-manager");
  EXPECT_TRUE(git->builtin);
  EXPECT_THAT(git->argv,
              ElementsAre("/opt/baton/agents/git_workflow_manager/git-workflow-manager"));
  EXPECT_EQ(git->timeout, absl::Seconds(30));
  EXPECT_EQ(git->source, file_ + ":17");
  EXPECT_EQ((*loaded.registry.Find("spec-manager"))->source, "built-in");
}

TEST_F(RegistryFileTest, EveryUnknownKeyIsReportedAtItsLine) {
  LoadedRegistry loaded = Read(R"(agent {
  name: "qa-specialist"
  command: ["agents/qa.py"]
  timeout: 5
}
agent {
  name: "doc-writer"
  command: ["agents/qa.py"]
  env { name: "X" }
}
agents { name: "typo" }
)");
  EXPECT_THAT(loaded.problems,
              ElementsAre(AllOf(HasSubstr(file_ + ":4:10: "),
                                HasSubstr("AgentEntry\" has no field named \"timeout\"")),
                          HasSubstr(file_ + ":9:7: Message type \"baton.executor.AgentEntry\" "
                                    "has no field named \"env\""),
                          HasSubstr(file_ + ":11:8: Message type "
                                    "\"baton.executor.AgentRegistryFile\" has no field named "
                                    "\"agents\"")));
}

TEST_F(RegistryFileTest, SyntaxErrorIsReportedAtItsLine) {
  LoadedRegistry loaded = Read("agent {\n  name: \"a\"\n  command: [\"agents/qa.py\"\n}\n");
  ASSERT_THAT(loaded.problems, SizeIs(1));
  EXPECT_THAT(loaded.problems[0], HasSubstr(file_ + ":4:1: "));
}

TEST_F(RegistryFileTest, CommandsThatDoNotExistAreReportedAtTheCommandLine) {
  LoadedRegistry loaded = Read(R"(agent {
  name: "a"
  description: "relative to the registry"
  command: ["agents/nope.sh"]
}
agent {
  name: "b"
  command: ["no-such-llm", "-p"]
}
agent {
  name: "c"
  command: ["agents/not_executable.sh"]
}
agent {
  name: "d"
  command: ["/definitely/not/here"]
}
)");
  EXPECT_THAT(loaded.problems,
              ElementsAre(AllOf(HasSubstr(file_ + ":4:3: agent \"a\": command "
                                          "\"agents/nope.sh\" does not exist"),
                                HasSubstr(dir_ + "/agents/nope.sh")),
                          AllOf(HasSubstr(file_ + ":8:3: agent \"b\": command "
                                          "\"no-such-llm\" is not on PATH"),
                                HasSubstr(dir_ + "/bin")),
                          HasSubstr(file_ + ":12:3: agent \"c\": command "
                                    "\"agents/not_executable.sh\""),
                          HasSubstr(file_ + ":16:3: agent \"d\": command "
                                    "\"/definitely/not/here\" does not exist")));
  EXPECT_THAT(loaded.problems[2], HasSubstr("not an executable file"));
  EXPECT_THAT(loaded.registry.Find("a"), StatusIs(absl::StatusCode::kNotFound, HasSubstr("a")));
}

TEST_F(RegistryFileTest, EntryMistakesAreReportedWhereTheyAre) {
  LoadedRegistry loaded = Read(R"(agent {
  name: "both"
  builtin: true
  command: ["agents/qa.py"]
}
agent { name: "neither" }
agent { name: "phantom" builtin: true }
agent {
  name: "x"
  command: ["agents/qa.py", "{requets}", "--p={prompt}"]
  protocol: "yaml"
}
agent {
  name: "y"
  command: ["agents/qa.py"]
  timeout_seconds: -1
  max_attempts: -2
  env_allowlist: ["OK_NAME", "BAD-NAME"]
}
agent { command: ["agents/qa.py"] }
agent { name: "neither" command: ["agents/qa.py"] }
agent { name: "qa-specialist" builtin: true protocol: "json" }
)");
  EXPECT_THAT(
      loaded.problems,
      ElementsAre(
          HasSubstr(":3:3: agent \"both\": give either `builtin: true` or a `command`"),
          HasSubstr(":6:1: agent \"neither\" needs a `command`"),
          AllOf(HasSubstr(":7:25: agent \"phantom\" is not a built-in agent"),
                HasSubstr("qa-specialist")),
          HasSubstr(":11:3: agent \"x\": unknown protocol \"yaml\" (use proto, json or prompt)"),
          AllOf(HasSubstr(":10:3: agent \"x\": unknown placeholder {requets}"),
                HasSubstr("{request}")),
          HasSubstr(":10:3: agent \"x\": {prompt} needs protocol: \"prompt\""),
          HasSubstr(":16:3: agent \"y\": timeout_seconds must be positive"),
          HasSubstr(":17:3: agent \"y\": max_attempts must be 1 or more"),
          HasSubstr(":18:3: agent \"y\": \"BAD-NAME\" is not an environment variable name"),
          HasSubstr(":20:1: agent entry has no name"),
          HasSubstr(":21:1: agent \"neither\" is defined twice (first at " + file_ + ":6)"),
          HasSubstr(":22:45: agent \"qa-specialist\": built-in agents speak protocol "
                    "\"proto\" only")));
}

TEST_F(RegistryFileTest, GoodEntriesLoadBesideBadOnes) {
  LoadedRegistry loaded = Read(R"(agent { name: "good" command: ["agents/qa.py"] }
agent { name: "bad" command: ["agents/missing.py"] }
)");
  EXPECT_THAT(loaded.problems, SizeIs(1));
  EXPECT_THAT(loaded.registry.Find("good"), IsOk());
  EXPECT_THAT(loaded.registry.Find("bad"), StatusIs(absl::StatusCode::kNotFound, HasSubstr("bad")));
}

TEST_F(RegistryFileTest, FindRegistryFilePrefersTheOverride) {
  EXPECT_THAT(FindRegistryFile(dir_, ""), IsOk());
  EXPECT_EQ(*FindRegistryFile(dir_, ""), "");
  std::ofstream(dir_ + "/agents.textproto") << "";
  EXPECT_EQ(*FindRegistryFile(dir_, ""), dir_ + "/agents.textproto");
  EXPECT_EQ(*FindRegistryFile(dir_, dir_ + "/agents/qa.py"), dir_ + "/agents/qa.py");
  EXPECT_THAT(FindRegistryFile(dir_, dir_ + "/other.textproto"),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("other.textproto (--agents) does not exist")));
}

TEST_F(RegistryFileTest, LoadAgentRegistryRefusesAFileWithProblems) {
  std::ofstream(dir_ + "/agents.textproto")
      << "agent {\n  name: \"a\"\n  comand: [\"x\"]\n}\n";
  EXPECT_THAT(LoadAgentRegistry("/opt/baton", dir_, ""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("agent registry " + dir_ + "/agents.textproto has 2 "
                                       "problems"),
                             HasSubstr("agent \"a\" needs a `command`"),
                             HasSubstr(dir_ + "/agents.textproto:3:"),
                             HasSubstr("no field named \"comand\""))));
  std::ofstream(dir_ + "/agents.textproto")
      << "agent {\n  name: \"doc-writer\"\n  command: [\"agents/qa.py\"]\n}\n";
  absl::StatusOr<AgentRegistry> registry = LoadAgentRegistry("/opt/baton", dir_, "");
  ASSERT_THAT(registry, IsOk());
  EXPECT_THAT(registry->Find("doc-writer"), IsOk());
}

}  // namespace
}  // namespace baton::executor
