#include "agents/cache/node_tools.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
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

std::string Dir(const std::string& name) {
  const std::string dir = absl::StrCat(std::getenv("TEST_TMPDIR"), "/", name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void Touch(const std::string& path) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path) << "{}";
}

// A fake node and a node_modules with the three packages.
void FakeTools(const std::string& dir, const std::string& modules) {
  Touch(dir + "/bin/node");
  fs::permissions(dir + "/bin/node", fs::perms::owner_all);
  Touch(modules + "/ioredis/package.json");
  Touch(modules + "/typescript/bin/tsc");
  Touch(modules + "/@types/node/package.json");
}

TEST(FindNodeToolsTest, RepositoryNodeModulesComeFirst) {
  const std::string dir = Dir("first");
  FakeTools(dir, dir + "/repo/node_modules");
  FakeTools(dir, dir + "/baton");
  NodeToolsQuery query{dir + "/repo", dir + "/baton", "", dir + "/bin"};
  absl::StatusOr<NodeTools> tools = FindNodeTools(query);
  ASSERT_THAT(tools, IsOk());
  EXPECT_EQ(tools->node, dir + "/bin/node");
  EXPECT_EQ(tools->node_modules, dir + "/repo/node_modules");
  EXPECT_EQ(tools->origin, "the repository's node_modules");
  EXPECT_EQ(tools->tsc, dir + "/repo/node_modules/typescript/bin/tsc");
}

TEST(FindNodeToolsTest, FallsBackToBatonNodeModules) {
  const std::string dir = Dir("fallback");
  FakeTools(dir, dir + "/baton");
  fs::create_directories(dir + "/repo/node_modules/ioredis");
  absl::StatusOr<NodeTools> tools = FindNodeTools({dir + "/repo", dir + "/baton", "", dir + "/bin"});
  ASSERT_THAT(tools, IsOk());
  EXPECT_EQ(tools->origin, "BATON_NODE_MODULES");
}

TEST(FindNodeToolsTest, NeitherHasThemSaysHowToInstall) {
  const std::string dir = Dir("neither");
  FakeTools(dir, dir + "/unused");
  EXPECT_THAT(FindNodeTools({dir + "/repo", "", "", dir + "/bin"}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("lacks ioredis, typescript, @types/node"),
                             HasSubstr("BATON_NODE_MODULES is not set"),
                             HasSubstr("npm install ioredis"),
                             HasSubstr("BATON_NODE_MODULES=~/.cache/baton/node-tools/node_modules"))));
}

TEST(FindNodeToolsTest, MissingNodeIsNamed) {
  const std::string dir = Dir("nonode");
  EXPECT_THAT(FindNodeTools({dir, "", "", dir + "/nothing"}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("node is not installed"), HasSubstr("apt-get install nodejs"))));
}

}  // namespace
}  // namespace baton::agents::cache
