#include "executor/result_merger.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "executor/digest.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::executor {
namespace {

using ::baton::testing::StatusIs;
using ::testing::HasSubstr;

class ResultMergerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    workspace_ = root_ + "/ws";
    std::filesystem::create_directories(workspace_ + "/db");
    std::ofstream(workspace_ + "/db/001.sql") << "SELECT 1;";
    std::ofstream(root_ + "/outside.txt") << "secret";
  }

  handoff::AgentResult WithArtifact(const std::string& path) {
    handoff::AgentResult result;
    result.set_outcome(handoff::AgentResult::SUCCEEDED);
    result.add_artifacts()->set_path(path);
    return result;
  }

  std::string root_;
  std::string workspace_;
};

TEST_F(ResultMergerTest, RecordsArtifactWithItsRealDigestAndAgent) {
  handoff::Handoff handoff;
  handoff::AgentResult result = WithArtifact("db/001.sql");
  result.mutable_artifacts(0)->set_sha256("made-up");
  (*result.mutable_facts())["migration.table"] = "users";
  result.add_findings()->set_rule("pii-column");
  ASSERT_TRUE(MergeResult(result, "infrastructure-specialist", workspace_, &handoff).ok());
  ASSERT_EQ(handoff.artifacts_size(), 1);
  EXPECT_EQ(handoff.artifacts(0).sha256(), Sha256Hex("SELECT 1;"));
  EXPECT_EQ(handoff.artifacts(0).agent(), "infrastructure-specialist");
  EXPECT_EQ(handoff.facts().at("migration.table"), "users");
  ASSERT_EQ(handoff.findings_size(), 1);
  EXPECT_EQ(handoff.findings(0).agent(), "infrastructure-specialist");
}

TEST_F(ResultMergerTest, SamePathReplacesTheEarlierArtifact) {
  handoff::Handoff handoff;
  ASSERT_TRUE(MergeResult(WithArtifact("db/001.sql"), "a", workspace_, &handoff).ok());
  ASSERT_TRUE(MergeResult(WithArtifact("db/001.sql"), "b", workspace_, &handoff).ok());
  ASSERT_EQ(handoff.artifacts_size(), 1);
  EXPECT_EQ(handoff.artifacts(0).agent(), "b");
}

TEST_F(ResultMergerTest, RejectsPathsThatEscapeTheWorkspace) {
  handoff::Handoff handoff;
  EXPECT_THAT(MergeResult(WithArtifact("../outside.txt"), "rogue", workspace_, &handoff),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("agent rogue reported an artifact that is not allowed")));
  EXPECT_THAT(MergeResult(WithArtifact(root_ + "/outside.txt"), "rogue", workspace_, &handoff),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("must be relative")));
  std::filesystem::create_symlink(root_ + "/outside.txt", workspace_ + "/link.txt");
  EXPECT_THAT(MergeResult(WithArtifact("link.txt"), "rogue", workspace_, &handoff),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("resolves outside the workspace")));
  EXPECT_EQ(handoff.artifacts_size(), 0);
}

TEST_F(ResultMergerTest, MissingArtifactIsNotFoundAndNothingIsMerged) {
  handoff::Handoff handoff;
  handoff::AgentResult result = WithArtifact("db/001.sql");
  result.add_artifacts()->set_path("db/never_written.sql");
  EXPECT_THAT(MergeResult(result, "a", workspace_, &handoff),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("db/never_written.sql")));
  EXPECT_EQ(handoff.artifacts_size(), 0);
}

}  // namespace
}  // namespace baton::executor
