// End to end: "Add Redis caching for user queries" through the real router,
// the four real agent binaries, real tsc/node, a real Redis and real git, on
// a throwaway copy of testing/fixtures/ts_repo (see test_tools.h for what the
// machine needs).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "agents/cache/cache_design.h"
#include "agents/cache/test_tools.h"
#include "agents/cache/ts_cache_module.h"
#include "agents/cache/ts_project.h"
#include "gitops/committer.h"
#include "gitops/repository.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/cli/demo_repository.h"
#include "tools/cli/pipeline.h"

namespace baton {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class CacheWorkflowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string cwd = fs::current_path().string();
    installation_.cards_dir = cwd + "/domains";
    installation_.agents_root = cwd;
    const std::string scratch =
        absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(scratch);
    absl::StatusOr<std::string> repo =
        cli::CreateDemoRepository(cwd + "/testing/fixtures/ts_repo", scratch);
    ASSERT_TRUE(repo.ok()) << repo.status();
    repo_ = *repo;
    // The agents get it through their environment allowlist; without it the
    // qa-specialist starts its own throwaway redis-server.
    const std::string url = agents::cache::TestRedisUrl();
    if (url.empty()) {
      ::unsetenv("BATON_REDIS_URL");
    } else {
      ::setenv("BATON_REDIS_URL", url.c_str(), 1);
    }
  }

  absl::StatusOr<cli::RunOutcome> Run(const std::string& request) {
    cli::RunOptions options;
    options.request = request;
    options.repo = repo_;
    options.output = cli::OutputMode::kQuiet;
    options.retry_base_delay = absl::Milliseconds(1);
    return cli::StartRun(installation_, options, out_);
  }

  void CommitFile(const std::string& path, const std::string& text) {
    std::ofstream(repo_ + "/" + path) << text;
    gitops::CommitRequest request;
    request.repo = repo_;
    request.message = "feat: our own user cache";
    request.paths = {path};
    absl::StatusOr<gitops::CommitInfo> commit = gitops::CommitPaths(request);
    ASSERT_TRUE(commit.ok()) << commit.status();
  }

  cli::Installation installation_;
  std::string repo_;
  std::ostringstream out_;
};

TEST_F(CacheWorkflowTest, UserQueriesGetAVerifiedCacheAsideModuleInOneCommit) {
  BATON_REQUIRE_CACHE_TOOLS();
  absl::StatusOr<cli::RunOutcome> outcome = Run("Add Redis caching for user queries");
  ASSERT_TRUE(outcome.ok()) << outcome.status() << "\n" << out_.str();
  ASSERT_TRUE(outcome->status.ok()) << outcome->status << "\n" << out_.str();
  const handoff::Handoff& handoff = outcome->handoff;
  EXPECT_EQ(handoff.status(), handoff::RUN_SUCCEEDED);
  EXPECT_EQ(handoff.workflow().name(), "Cache Implementation");
  ASSERT_EQ(handoff.steps_size(), 4);
  EXPECT_EQ(handoff.steps(0).agent(), "systems-architect");
  EXPECT_EQ(handoff.steps(1).agent(), "infrastructure-specialist");
  EXPECT_EQ(handoff.steps(2).agent(), "qa-specialist");
  EXPECT_EQ(handoff.steps(3).agent(), "git-workflow-manager");
  EXPECT_THAT(handoff.steps(0).summary(),
              HasSubstr("designed cache-aside for user reads (getUserById in "
                        "src/users/repository.ts, TypeScript): key user:<id>, TTL 3600 s "
                        "(default), invalidated by updateUser, deleteUser"));
  EXPECT_THAT(handoff.steps(2).summary(), HasSubstr("6/6 cache properties hold on redis://"));

  EXPECT_EQ(handoff.facts().at("cache.key"), "user:<id>");
  EXPECT_EQ(handoff.facts().at("cache.module"), "src/users/user.cache.ts");
  EXPECT_EQ(handoff.facts().at("qa.cache_properties"),
            "compiles,miss-fills,hit-skips-db,update-invalidates,delete-invalidates,ttl-expires");
  EXPECT_THAT(handoff.facts().at("qa.node_modules"), HasSubstr("BATON_NODE_MODULES"));

  const std::string module = Slurp(outcome->workspace + "/src/users/user.cache.ts");
  EXPECT_THAT(module, HasSubstr("export const USER_CACHE_TTL_SECONDS = 3600;"));
  EXPECT_THAT(module, HasSubstr("import { deleteUser, getUserById, updateUser } from './repository';"));
  EXPECT_THAT(Slurp(outcome->workspace + "/docs/design/user_cache.md"),
              HasSubstr("## Invalidation on writes"));
  // The repository's own functions are wrapped, not edited.
  EXPECT_EQ(Slurp(outcome->workspace + "/src/users/repository.ts"),
            Slurp("testing/fixtures/ts_repo/src/users/repository.ts"));

  absl::StatusOr<std::optional<gitops::CommitInfo>> commit =
      gitops::FindCommitWithTrailer(outcome->workspace, "Baton-Run", outcome->run_id);
  ASSERT_TRUE(commit.ok() && commit->has_value());
  EXPECT_THAT((*commit)->files,
              UnorderedElementsAre("docs/design/user_cache.md", "src/users/user.cache.ts"));
  EXPECT_EQ(*gitops::CountCommits(repo_), 1);  // The user's branch is untouched.
}

TEST_F(CacheWorkflowTest, ExistingCacheWithoutInvalidationFailsQaNamingTheProperty) {
  BATON_REQUIRE_CACHE_TOOLS();
  // The user already has a cache module at that path, which forgets to
  // invalidate on update.
  absl::StatusOr<agents::cache::Stack> stack = agents::cache::DetectStack(repo_);
  ASSERT_TRUE(stack.ok());
  absl::StatusOr<agents::cache::DataAccess> access =
      agents::cache::FindDataAccess(repo_, *stack, {"user"});
  ASSERT_TRUE(access.ok()) << access.status();
  const agents::cache::CacheDesign design =
      agents::cache::DesignCache(agents::cache::CacheRequest{}, *access);
  const std::string good = agents::cache::RenderTsCacheModule(design);
  const std::string broken = absl::StrReplaceAll(
      good, {{"const result = await repository.updateUser(...args);\n"
              "      await redis.del(userCacheKey(args[0]));",
              "const result = await repository.updateUser(...args);"}});
  ASSERT_NE(broken, good);
  CommitFile("src/users/user.cache.ts", broken);

  absl::StatusOr<cli::RunOutcome> outcome = Run("Add Redis caching for user queries");
  ASSERT_TRUE(outcome.ok()) << outcome.status() << "\n" << out_.str();
  EXPECT_FALSE(outcome->status.ok());
  EXPECT_EQ(outcome->handoff.status(), handoff::RUN_FAILED);
  const std::string message(outcome->status.message());
  EXPECT_THAT(message, HasSubstr("cache check failed: [cache-update-invalidates]"));
  EXPECT_THAT(message, HasSubstr("after updateUser exists 1 (want 0)"));
  EXPECT_THAT(message, HasSubstr("src/users/user.cache.ts"));
  ASSERT_EQ(outcome->handoff.steps_size(), 3);
  EXPECT_THAT(outcome->handoff.steps(1).summary(),
              HasSubstr("kept the existing src/users/user.cache.ts (not overwritten)"));
  EXPECT_EQ(outcome->handoff.steps(2).status(), handoff::STEP_FAILED);
  EXPECT_THAT(outcome->handoff.steps(2).error(),
              HasSubstr("[cache-update-invalidates]"));
  EXPECT_EQ(*gitops::CountCommits(outcome->workspace), 2);  // Nothing new.
}

TEST_F(CacheWorkflowTest, EntityWithoutDataAccessStopsAtTheArchitectNamingIt) {
  absl::StatusOr<cli::RunOutcome> outcome = Run("Add Redis caching for invoice queries");
  ASSERT_TRUE(outcome.ok()) << outcome.status() << "\n" << out_.str();
  EXPECT_FALSE(outcome->status.ok());
  EXPECT_EQ(outcome->handoff.workflow().name(), "Cache Implementation");
  EXPECT_THAT(std::string(outcome->status.message()),
              HasSubstr("found no data-access function for invoice"));
  ASSERT_EQ(outcome->handoff.steps_size(), 1);
  EXPECT_EQ(outcome->handoff.steps(0).agent(), "systems-architect");
  EXPECT_EQ(*gitops::CountCommits(outcome->workspace), 1);
}

}  // namespace
}  // namespace baton
