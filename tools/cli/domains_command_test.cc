#include "tools/cli/domains_command.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// A card directory with the data card and the test cards.
class DomainsCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(std::getenv("TEST_TMPDIR")) /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::create_directories(dir_);
    fs::copy_file("domains/data.md", dir_ / "data.md",
                  fs::copy_options::overwrite_existing);
    for (const char* name : {"backend.md", "infrastructure.md", "security.md"}) {
      fs::copy_file(fs::path("testing/cards") / name, dir_ / name,
                    fs::copy_options::overwrite_existing);
    }
    installation_.cards_dir = dir_.string();
  }

  int Run(std::vector<std::string> args) {
    out_.str("");
    err_.str("");
    return RunDomainsCommand(args, installation_, out_, err_);
  }

  fs::path dir_;
  Installation installation_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(DomainsCommandTest, ListShowsEveryCardAndChain) {
  EXPECT_EQ(Run({"list"}), 0) << err_.str();
  EXPECT_THAT(out_.str(),
              AllOf(HasSubstr("backend ("), HasSubstr("data ("),
                    HasSubstr("infrastructure ("), HasSubstr("security ("),
                    HasSubstr("priority 1, primary agent "
                              "infrastructure-specialist, 7 workflows\n"),
                    HasSubstr("  Database Migration: infrastructure-specialist "
                              "\xE2\x86\x92 qa-specialist (staging test) "
                              "\xE2\x86\x92 git-workflow-manager\n")));
}

TEST_F(DomainsCommandTest, ShowOneCardOrListTheValidNames) {
  EXPECT_EQ(Run({"show", "Security"}), 0) << err_.str();
  EXPECT_THAT(out_.str(),
              AllOf(StartsWith("security: Domain: Application & Cloud "
                               "Security\n"),
                    HasSubstr("  Secrets: secret, API key, credentials"),
                    HasSubstr("    triggers: \"Scan dependencies for CVEs\""),
                    HasSubstr("Coordinates with: data, backend, "
                              "infrastructure\n")));
  EXPECT_EQ(Run({"show", "frontend"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("unknown domain \"frontend\"; valid "
                                    "domains: backend, data, infrastructure, "
                                    "security"));
}

TEST_F(DomainsCommandTest, LintCleanCardsWarnsAboutShadows) {
  EXPECT_EQ(Run({"lint"}), 0) << out_.str() << err_.str();
  EXPECT_THAT(out_.str(),
              AllOf(HasSubstr(": warning: keyword \"pipeline\" is also "
                              "keyword \"pipeline\" of domain "
                              "\"infrastructure\""),
                    HasSubstr("\n0 errors, "), HasSubstr(" warnings in 4 cards\n"),
                    Not(HasSubstr(": error: "))));
  EXPECT_EQ(Run({"lint", "--strict"}), 1);
}

TEST_F(DomainsCommandTest, LintReportsEveryProblemWithFileAndLine) {
  std::ofstream(dir_ / "zz_broken.md")
      << "---\ndomain: broken\nprimary_agent: nobody-yet\n---\n"
         "## Agent Workflows\n### Fix\n**Trigger**: \"fix it\"\n```\n"
         "wizard \xE2\x86\x92 qa-specialist\n```\n### Fix\n**Trigger**: "
         "\"again\"\n```\nqa-specialist\n```\n## Triggers\n"
         "### File Patterns\n- `src/[oops`\n";
  EXPECT_EQ(Run({"lint"}), 1);
  const std::string broken = (dir_ / "zz_broken.md").string();
  EXPECT_THAT(out_.str(),
              AllOf(HasSubstr(broken + ":4: error: front matter key "
                                       "'priority' is missing"),
                    HasSubstr(broken + ":9: error: workflow \"Fix\": unknown "
                                       "agent \"wizard\""),
                    HasSubstr(broken + ":11: error: workflow \"Fix\" is "
                                       "defined twice"),
                    HasSubstr(broken + ":18: error: file pattern `src/[oops`"),
                    HasSubstr("\n4 errors, ")));
  // The other commands refuse the broken directory and point at lint.
  EXPECT_EQ(Run({"list"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("baton domains lint"));
}

TEST_F(DomainsCommandTest, GraphPrintsMermaidAndDot) {
  EXPECT_EQ(Run({"graph", "backend"}), 0) << err_.str();
  EXPECT_THAT(out_.str(),
              AllOf(StartsWith("```mermaid\nflowchart LR\n"),
                    HasSubstr("```\n\n```dot\ndigraph \"backend\" {"),
                    // Third-Party Integration ends in a parallel stage.
                    HasSubstr("{ rank=same;"),
                    // Service Refactoring has a human gate.
                    HasSubstr("{{\"approve rollout\"}}")));
  EXPECT_EQ(Run({"graph", "data", "--dot", "--workflow", "data migration"}), 0);
  EXPECT_THAT(out_.str(), AllOf(StartsWith("digraph \"data\" {"),
                                HasSubstr("label=\"Data Migration\""),
                                Not(HasSubstr("Cache Implementation")),
                                Not(HasSubstr("flowchart"))));
  EXPECT_EQ(Run({"graph", "data", "--workflow", "Nope"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("unknown workflow \"Nope\" in domain "
                                    "\"data\"; valid workflows: \"Database "
                                    "Schema Design\""));
}

TEST_F(DomainsCommandTest, BadUsage) {
  EXPECT_EQ(Run({}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("missing subcommand"));
  EXPECT_EQ(Run({"frob"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("usage: baton domains list"));
  EXPECT_EQ(Run({"show"}), 2);
  EXPECT_EQ(Run({"list", "--bogus"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("unknown flag --bogus"));
}

}  // namespace
}  // namespace baton::cli
