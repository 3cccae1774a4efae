// Compiles and runs the generated module with node and tsc on a real Redis
// (BATON_TEST_REDIS_URL, else a throwaway redis-server): see test_tools.h.
#include "agents/cache/cache_verifier.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "agents/cache/test_tools.h"
#include "agents/cache/ts_cache_module.h"
#include "agents/cache/ts_project.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::cache {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;

class CacheVerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string base = absl::StrCat(
        std::getenv("TEST_TMPDIR"), "/",
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    repo_ = base + "/repo";
    scratch_ = base + "/scratch";
    fs::create_directories(scratch_);
    fs::copy("testing/fixtures/ts_repo", repo_, fs::copy_options::recursive);
    absl::StatusOr<Stack> stack = DetectStack(repo_);
    ASSERT_THAT(stack, IsOk());
    absl::StatusOr<DataAccess> access = FindDataAccess(repo_, *stack, {"user"});
    ASSERT_THAT(access, IsOk());
    design_ = DesignCache(CacheRequest{}, *access);
  }

  void WriteModule(const std::string& text) {
    std::ofstream(repo_ + "/" + design_.cache_module) << text;
  }

  CacheVerifyOptions Options() {
    CacheVerifyOptions options;
    options.repo = repo_;
    options.design = design_;
    options.scratch_dir = scratch_;
    options.redis_url = TestRedisUrl();
    options.baton_node_modules = TestNodeModules();
    return options;
  }

  static const PropertyCheck* Find(const CacheVerification& report, const std::string& name) {
    for (const PropertyCheck& check : report.checks) {
      if (check.property == name) return &check;
    }
    return nullptr;
  }

  std::string repo_;
  std::string scratch_;
  CacheDesign design_;
};

TEST_F(CacheVerifierTest, GeneratedModuleHoldsEveryProperty) {
  BATON_REQUIRE_CACHE_TOOLS();
  WriteModule(RenderTsCacheModule(design_));
  absl::StatusOr<CacheVerification> report = VerifyCacheModule(Options());
  ASSERT_THAT(report, IsOk());
  EXPECT_TRUE(report->Failed().empty()) << report->Summary();
  std::vector<std::string> names;
  for (const PropertyCheck& check : report->checks) names.push_back(check.property);
  EXPECT_THAT(names, ::testing::ElementsAre("compiles", "miss-fills", "hit-skips-db",
                                            "update-invalidates", "delete-invalidates",
                                            "ttl-expires"));
  EXPECT_THAT(Find(*report, "miss-fills")->detail,
              HasSubstr("db reads 1 (want 1), key user:4242 exists 1 (want 1), ttl 3600s"));
  EXPECT_THAT(report->Summary(), HasSubstr("6/6 cache properties hold on redis://"));
  EXPECT_EQ(report->compiled_files, 4);  // db.ts, repository.ts, user.cache.ts, harness.
}

TEST_F(CacheVerifierTest, ModuleWithoutInvalidationFailsNamingTheProperty) {
  BATON_REQUIRE_CACHE_TOOLS();
  WriteModule(absl::StrReplaceAll(RenderTsCacheModule(design_),
                                  {{"await redis.del(userCacheKey(args[0]));", ""}}));
  absl::StatusOr<CacheVerification> report = VerifyCacheModule(Options());
  ASSERT_THAT(report, IsOk());
  const PropertyCheck* update = Find(*report, "update-invalidates");
  ASSERT_NE(update, nullptr);
  EXPECT_FALSE(update->ok);
  EXPECT_THAT(update->detail, HasSubstr("after updateUser exists 1 (want 0)"));
  EXPECT_FALSE(Find(*report, "delete-invalidates")->ok);
  EXPECT_TRUE(Find(*report, "miss-fills")->ok);
  EXPECT_TRUE(Find(*report, "ttl-expires")->ok);
  EXPECT_THAT(report->Summary(), HasSubstr("2 of 6 cache properties fail"));
}

TEST_F(CacheVerifierTest, ModuleWithoutTtlFailsMissFillsAndTtl) {
  BATON_REQUIRE_CACHE_TOOLS();
  WriteModule(absl::StrReplaceAll(RenderTsCacheModule(design_),
                                  {{", 'EX', ttlSeconds", ""}}));
  absl::StatusOr<CacheVerification> report = VerifyCacheModule(Options());
  ASSERT_THAT(report, IsOk());
  EXPECT_FALSE(Find(*report, "miss-fills")->ok);
  EXPECT_THAT(Find(*report, "miss-fills")->detail, HasSubstr("ttl -1s"));
  EXPECT_FALSE(Find(*report, "ttl-expires")->ok);
}

TEST_F(CacheVerifierTest, ModuleThatDoesNotCompileFailsCompilesWithTscsMessage) {
  BATON_REQUIRE_CACHE_TOOLS();
  WriteModule(absl::StrReplaceAll(RenderTsCacheModule(design_),
                                  {{"return JSON.parse(cached) as Awaited<ReturnType<typeof getUserById>>;",
                                    "return cached.length;"}}));
  absl::StatusOr<CacheVerification> report = VerifyCacheModule(Options());
  ASSERT_THAT(report, IsOk());
  ASSERT_EQ(report->checks.size(), 1u);
  EXPECT_EQ(report->checks[0].property, "compiles");
  EXPECT_FALSE(report->checks[0].ok);
  EXPECT_THAT(report->checks[0].detail,
              AllOf(HasSubstr("tsc --strict failed"), HasSubstr("src/users/user.cache.ts"),
                    HasSubstr("TS2322")));
}

TEST_F(CacheVerifierTest, MissingModuleIsNamed) {
  BATON_REQUIRE_CACHE_TOOLS();
  EXPECT_THAT(VerifyCacheModule(Options()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("the cache module src/users/user.cache.ts is not in the workspace")));
}

TEST_F(CacheVerifierTest, UnreachableRedisUrlIsUnavailable) {
  BATON_REQUIRE_CACHE_TOOLS();
  WriteModule(RenderTsCacheModule(design_));
  CacheVerifyOptions options = Options();
  options.redis_url = "redis://127.0.0.1:1";
  EXPECT_THAT(VerifyCacheModule(options),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("no Redis server answers at redis://127.0.0.1:1"),
                             HasSubstr("BATON_REDIS_URL"))));
}

}  // namespace
}  // namespace baton::agents::cache
