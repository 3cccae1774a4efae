#include "tools/nightly/nightly_config.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::nightly {
namespace {

using ::testing::HasSubstr;

TEST(NightlyConfigTest, FillsDefaultsAndMakesPathsAbsolute) {
  absl::StatusOr<NightlyConfig> config = ParseNightlyConfig(R"pb(
    job { name: "add-column" repo: "shop" request: "Add phone column to users table" }
    job { name: "lint" kind: LINT_SCHEMA repo: "/srv/shop" timeout_seconds: 60 }
    job { name: "slow" kind: SLOW_QUERIES repo: "shop" stats_url: "postgres://u@db/shop" }
  )pb", "/etc/baton/nightly.textproto");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->report_dir(), "/etc/baton/nightly-reports");
  EXPECT_EQ(config->parallel(), kDefaultParallel);
  EXPECT_EQ(config->overlap(), "skip");
  EXPECT_EQ(config->overlap_wait_seconds(), kDefaultOverlapWaitSeconds);
  ASSERT_EQ(config->job_size(), 3);
  const Job& run = config->job(0);
  EXPECT_EQ(run.kind(), Job::WORKFLOW);
  EXPECT_EQ(run.repo(), "/etc/baton/shop");
  EXPECT_EQ(run.branch_policy(), Job::REVIEW_BRANCH);
  EXPECT_EQ(run.timeout_seconds(), kDefaultTimeoutSeconds);
  EXPECT_EQ(run.staging(), "sqlite");
  EXPECT_EQ(config->job(1).repo(), "/srv/shop");
  EXPECT_EQ(config->job(1).timeout_seconds(), 60);
  // Slow queries stage on the stats server unless told otherwise.
  EXPECT_EQ(config->job(2).staging(), "postgres://u@db/shop");
  EXPECT_EQ(config->job(2).slow_query_count(), kDefaultSlowQueryCount);
  EXPECT_EQ(KindName(config->job(2).kind()), "SLOW_QUERIES");
}

TEST(NightlyConfigTest, SyntaxErrorsAndUnknownFieldsNameFileLineAndColumn) {
  absl::StatusOr<NightlyConfig> config =
      ParseNightlyConfig("parallel: 2\njob { name: \"a\" repo: \"r\" requst: \"x\" }\n", "n.textproto");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(config.status().message(), HasSubstr("n.textproto:2:"));
  EXPECT_THAT(config.status().message(), HasSubstr("requst"));
}

TEST(NightlyConfigTest, JobProblemsNameTheJobAndItsLine) {
  struct Case {
    std::string text;
    std::string problem;
  };
  const std::vector<Case> cases = {
      {"job { repo: \"r\" request: \"x\" }", "has no name"},
      {"job { name: \"a b\" repo: \"r\" request: \"x\" }", "name may hold only"},
      {"job { name: \"a\" request: \"x\" }", "has no repo"},
      {"job { name: \"a\" repo: \"r\" }", "needs a request, or a domain and a workflow"},
      {"job { name: \"a\" repo: \"r\" request: \"x\" staging: \"mysql://x\" }",
       "neither sqlite nor a postgres:// URL"},
      {"job { name: \"a\" kind: SLOW_QUERIES repo: \"r\" }", "needs stats_url"},
      {"job { name: \"a\" repo: \"r\" request: \"x\" timeout_seconds: -1 }", "must not be negative"},
      {"job { name: \"a\" repo: \"r\" request: \"x\" }\n\njob { name: \"a\" repo: \"r\" request: \"y\" }",
       "is named twice"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<NightlyConfig> config = ParseNightlyConfig(c.text, "n.textproto");
    ASSERT_FALSE(config.ok()) << c.text;
    EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(config.status().message(), HasSubstr(c.problem)) << c.text;
    EXPECT_THAT(config.status().message(), HasSubstr("n.textproto:")) << c.text;
  }
  absl::StatusOr<NightlyConfig> twice = ParseNightlyConfig(
      "job { name: \"a\" repo: \"r\" request: \"x\" }\n\njob { name: \"a\" repo: \"r\" request: \"y\" }",
      "n.textproto");
  EXPECT_THAT(twice.status().message(), HasSubstr("n.textproto:3: job \"a\" is named twice"));
}

TEST(NightlyConfigTest, RejectsUnknownOverlapPolicy) {
  absl::StatusOr<NightlyConfig> config = ParseNightlyConfig("overlap: \"wait\"", "n.textproto");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("\"wait\" is not one of skip, queue, replace"));
}

TEST(NightlyConfigTest, MissingFileIsNotFound) {
  absl::StatusOr<NightlyConfig> config = LoadNightlyConfig("/nonexistent/nightly.textproto");
  EXPECT_EQ(config.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(config.status().message(), HasSubstr("/nonexistent/nightly.textproto"));
}

}  // namespace
}  // namespace baton::nightly
