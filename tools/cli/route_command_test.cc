#include "tools/cli/route_command.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gitops/repository.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "router/route.pb.h"

namespace baton::cli {
namespace {

namespace fs = std::filesystem;
using ::baton::router::RouteDecision;
using ::baton::router::TriggerMatch;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

class RouteCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(std::getenv("TEST_TMPDIR")) /
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    const fs::path cards = root_ / "cards";
    fs::create_directories(cards);
    fs::copy_file("domains/data.md", cards / "data.md",
                  fs::copy_options::overwrite_existing);
    for (const char* name : {"backend.md", "infrastructure.md", "security.md"}) {
      fs::copy_file(fs::path("testing/cards") / name, cards / name,
                    fs::copy_options::overwrite_existing);
    }
    installation_.cards_dir = cards.string();
  }

  int Run(std::vector<std::string> args) {
    out_.str("");
    err_.str("");
    return RunRouteCommand(args, installation_, out_, err_);
  }

  RouteDecision Json() {
    RouteDecision decision;
    const auto status =
        google::protobuf::util::JsonStringToMessage(out_.str(), &decision);
    EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << out_.str();
    return decision;
  }

  fs::path root_;
  Installation installation_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(RouteCommandTest, ShortExplanationByDefault) {
  EXPECT_EQ(Run({"Add phone_number column to users table"}), 0) << err_.str();
  const std::string text = out_.str();
  EXPECT_THAT(text, StartsWith("data / Database Migration  [matched, "
                               "confidence "));
  // One line per trigger phrase, not one per matched word.
  EXPECT_THAT(text, HasSubstr("    \"Add new column to users table\" <- "
                              "\"Add\", \"column\", \"users\", \"table\"\n"));
  EXPECT_LE(std::count(text.begin(), text.end(), '\n'), 8) << text;
}

TEST_F(RouteCommandTest, JsonIsTheProtoMappingWithEveryField) {
  EXPECT_EQ(Run({"Query on users table is slow", "--json"}), 0) << err_.str();
  // Defaults are printed too, for scripts.
  EXPECT_THAT(out_.str(), AllOf(HasSubstr("\"outcome\": \"MATCHED\""),
                                HasSubstr("\"corrections\": []"),
                                HasSubstr("\"collaborators\": []")));
  const RouteDecision decision = Json();
  EXPECT_EQ(decision.domain(), "data");
  EXPECT_EQ(decision.workflow(), "Query Optimization");
  EXPECT_GT(decision.confidence(), 0);
  ASSERT_GE(decision.candidates_size(), 2);  // The runner-up.
  EXPECT_FALSE(decision.workflow_matches().empty());
}

TEST_F(RouteCommandTest, AmbiguousExitsThreeUnlessPickBest) {
  EXPECT_EQ(Run({"improve the pipeline"}), 3);
  EXPECT_THAT(out_.str(), AllOf(StartsWith("ambiguous"),
                                HasSubstr("  candidates: "),
                                HasSubstr("Pass --domain to choose")));
  EXPECT_EQ(Run({"improve the pipeline", "--pick-best", "--json"}), 0);
  const RouteDecision picked = Json();
  EXPECT_EQ(picked.outcome(), RouteDecision::MATCHED);
  EXPECT_THAT(picked.explanation(), HasSubstr("--pick-best"));
}

TEST_F(RouteCommandTest, NoMatchExitsThreeAndSaysWhatWouldMatch) {
  EXPECT_EQ(Run({"paint the bike shed blue"}), 3);
  EXPECT_THAT(out_.str(), AllOf(StartsWith("no match\n"),
                                HasSubstr("  closest: "),
                                HasSubstr("Words that would route to ")));
}

TEST_F(RouteCommandTest, OverridesAndTheirErrors) {
  EXPECT_EQ(Run({"anything", "--domain", "security", "--workflow",
                 "secrets management"}),
            0);
  EXPECT_THAT(out_.str(), StartsWith("security / Secrets Management  "
                                     "[overridden, confidence 1.00]"));
  EXPECT_EQ(Run({"anything", "--domain", "frontend"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("unknown domain \"frontend\"; valid "
                                    "domains: backend, data, infrastructure, "
                                    "security"));
  EXPECT_EQ(Run({"anything", "--domain", "data", "--workflow", "Nope"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("valid workflows: \"Database Schema "
                                    "Design\""));
  EXPECT_EQ(Run({"anything", "--workflow", "Nope"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("--workflow needs --domain"));
}

TEST_F(RouteCommandTest, ChangedFilesComeFromTheRepository) {
  const fs::path repo = root_ / "repo";
  ASSERT_TRUE(gitops::InitRepository(repo.string(), "T", "t@example.com").ok());
  fs::create_directories(repo / "database/migrations");
  std::ofstream(repo / "database/migrations/005_add_sku.sql") << "-- up\n";
  fs::create_directories(repo / ".baton/runs");
  std::ofstream(repo / ".baton/runs/state.pb") << "x";
  EXPECT_EQ(Run({"write the migration for this", "--changed", "--repo",
                 repo.string(), "--json"}),
            0)
      << err_.str();
  const RouteDecision decision = Json();
  EXPECT_EQ(decision.workflow(), "Database Migration");
  bool file_matched = false;
  for (const TriggerMatch& match : decision.domain_matches()) {
    EXPECT_THAT(match.matched_text(), Not(HasSubstr(".baton")));
    file_matched |= match.kind() == TriggerMatch::FILE_PATTERN &&
                    match.matched_text() == "database/migrations/005_add_sku.sql";
  }
  EXPECT_TRUE(file_matched) << out_.str();

  const fs::path outside = root_ / "not-a-repo";
  fs::create_directories(outside);
  EXPECT_EQ(Run({"x", "--changed", "--repo", outside.string()}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("not inside a git repository"));
}

TEST_F(RouteCommandTest, BadUsage) {
  EXPECT_EQ(Run({}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("takes one quoted request"));
  EXPECT_EQ(Run({"a", "b"}), 2);
  EXPECT_EQ(Run({"a", "--frob"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("unknown flag --frob"));
  installation_.cards_dir = (root_ / "missing").string();
  EXPECT_EQ(Run({"a"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("cannot list domain card directory"));
}

}  // namespace
}  // namespace baton::cli
