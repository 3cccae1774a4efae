#include "agents/cache/cache_steps.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "agents/cache/test_tools.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::cache {
namespace {

namespace fs = std::filesystem;
using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::HasSubstr;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class CacheStepsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string base = absl::StrCat(
        std::getenv("TEST_TMPDIR"), "/",
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    workspace_ = base + "/repo";
    fs::create_directories(base + "/scratch");
    fs::copy("testing/fixtures/ts_repo", workspace_, fs::copy_options::recursive);
    request_.set_workspace(workspace_);
    request_.set_scratch_dir(base + "/scratch");
    request_.mutable_handoff()->mutable_request()->set_text("Add Redis caching for user queries");
  }

  // Runs the architect and merges its facts into the request.
  void Design() {
    absl::StatusOr<handoff::AgentResult> result = CacheDesignStep(request_);
    ASSERT_THAT(result, IsOk());
    for (const auto& [key, value] : result->facts()) {
      (*request_.mutable_handoff()->mutable_facts())[key] = value;
    }
  }

  std::string workspace_;
  handoff::AgentRequest request_;
};

TEST_F(CacheStepsTest, DesignStepWritesTheDocumentAndFacts) {
  absl::StatusOr<handoff::AgentResult> result = CacheDesignStep(request_);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->outcome(), handoff::AgentResult::SUCCEEDED);
  ASSERT_EQ(result->artifacts_size(), 1);
  EXPECT_EQ(result->artifacts(0).path(), "docs/design/user_cache.md");
  EXPECT_EQ(result->artifacts(0).kind(), handoff::Artifact::SPEC);
  EXPECT_TRUE(result->artifacts(0).commit());
  EXPECT_EQ(result->facts().at("cache.read"), "getUserById");
  EXPECT_EQ(result->facts().at("cache.updates"), "updateUser");
  EXPECT_EQ(result->facts().at("cache.deletes"), "deleteUser");
  EXPECT_THAT(Slurp(workspace_ + "/docs/design/user_cache.md"), HasSubstr("Cache-aside"));
}

TEST_F(CacheStepsTest, DesignStepOnAPythonRepositoryIsRefused) {
  fs::remove(workspace_ + "/package.json");
  fs::remove(workspace_ + "/tsconfig.json");
  fs::remove_all(workspace_ + "/src");
  std::ofstream(workspace_ + "/requirements.txt") << "redis\n";
  EXPECT_THAT(CacheDesignStep(request_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("the repository is Python")));
}

TEST_F(CacheStepsTest, ModuleStepNeedsTheDesignFacts) {
  EXPECT_THAT(CacheModuleStep(request_),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("systems-architect designs the cache first")));
}

TEST_F(CacheStepsTest, ModuleStepWritesTheModuleAndWarnsAboutAMissingDependency) {
  Design();
  std::ofstream(workspace_ + "/package.json") << "{\"name\": \"x\"}\n";
  absl::StatusOr<handoff::AgentResult> result = CacheModuleStep(request_);
  ASSERT_THAT(result, IsOk());
  ASSERT_EQ(result->artifacts_size(), 1);
  EXPECT_EQ(result->artifacts(0).path(), "src/users/user.cache.ts");
  EXPECT_EQ(result->artifacts(0).kind(), handoff::Artifact::CODE);
  EXPECT_THAT(Slurp(workspace_ + "/src/users/user.cache.ts"),
              HasSubstr("export function createCachedUserRepository("));
  ASSERT_EQ(result->findings_size(), 1);
  EXPECT_EQ(result->findings(0).rule(), "cache-missing-dependency");
  EXPECT_EQ(result->findings(0).fix(), "npm install ioredis");
}

TEST_F(CacheStepsTest, VerifyStepTurnsEachFailedPropertyIntoAnErrorFinding) {
  BATON_REQUIRE_CACHE_TOOLS();
  Design();
  ASSERT_THAT(CacheModuleStep(request_), IsOk());
  const std::string path = workspace_ + "/src/users/user.cache.ts";
  const std::string broken =
      absl::StrReplaceAll(Slurp(path), {{"await redis.del(userCacheKey(args[0]));", ""}});
  std::ofstream(path) << broken;
  if (!TestRedisUrl().empty()) ::setenv("BATON_REDIS_URL", TestRedisUrl().c_str(), 1);
  absl::StatusOr<handoff::AgentResult> result = CacheVerifyStep(request_);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->outcome(), handoff::AgentResult::FAILED);
  EXPECT_THAT(result->error(),
              HasSubstr("cache check failed: [cache-update-invalidates] key user:4242 after "
                        "updateUser exists 1 (want 0)"));
  EXPECT_THAT(result->error(), HasSubstr("; and 1 more"));
  ASSERT_EQ(result->findings_size(), 2);
  EXPECT_EQ(result->findings(0).rule(), "cache-update-invalidates");
  EXPECT_EQ(result->findings(0).severity(), handoff::Finding::ERROR);
  EXPECT_EQ(result->findings(0).location(), "src/users/user.cache.ts");
  EXPECT_EQ(result->findings(1).rule(), "cache-delete-invalidates");
  EXPECT_EQ(result->facts().at("qa.cache_properties"), "compiles,miss-fills,hit-skips-db,ttl-expires");
}

}  // namespace
}  // namespace baton::agents::cache
