#include "agents/cache/ts_project.h"

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
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;

constexpr char kFixture[] = "testing/fixtures/ts_repo";

std::string TempRepo(const std::string& name) {
  const std::string dir = absl::StrCat(std::getenv("TEST_TMPDIR"), "/", name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void Put(const std::string& repo, const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(repo + "/" + path).parent_path());
  std::ofstream(repo + "/" + path) << text;
}

TEST(DetectStackTest, FixtureIsTypeScript) {
  absl::StatusOr<Stack> stack = DetectStack(kFixture);
  ASSERT_THAT(stack, IsOk());
  EXPECT_EQ(stack->language, "TypeScript");
  EXPECT_THAT(stack->ts_files, ElementsAre("src/db.ts", "src/users/repository.ts"));
  EXPECT_EQ(stack->evidence, "package.json, tsconfig.json, 2 .ts files");
}

TEST(DetectStackTest, OtherStacksAreNamedAndNodeModulesIsSkipped) {
  const std::string js = TempRepo("js");
  Put(js, "package.json", "{}");
  Put(js, "node_modules/x/index.ts", "export async function getUser(id: string): Promise<number> {}");
  absl::StatusOr<Stack> stack = DetectStack(js);
  ASSERT_THAT(stack, IsOk());
  EXPECT_EQ(stack->language, "JavaScript");
  EXPECT_TRUE(stack->ts_files.empty());
  const std::string py = TempRepo("py");
  Put(py, "requirements.txt", "redis\n");
  EXPECT_EQ(DetectStack(py)->language, "Python");
}

TEST(ExportedAsyncFunctionsTest, ReadsDeclarationsAndArrowConstants) {
  std::vector<TsFunction> functions = ExportedAsyncFunctions(
      "import x from 'y';\n"
      "export async function getUserById(id: string): Promise<User | null> {\n}\n"
      "function helper() {}\n"
      "export const removeUser = async (id: number, opts: Map<string, number>): "
      "Promise<boolean> => true;\n");
  ASSERT_EQ(functions.size(), 2u);
  EXPECT_EQ(functions[0].name, "getUserById");
  EXPECT_EQ(functions[0].first_type, "string");
  EXPECT_EQ(functions[0].returns, "User | null");
  EXPECT_EQ(functions[0].line, 2);
  EXPECT_EQ(functions[1].name, "removeUser");
  EXPECT_EQ(functions[1].first_type, "number");
  EXPECT_EQ(functions[1].params, "id: number, opts: Map<string, number>");
  EXPECT_EQ(functions[1].returns, "boolean");
}

TEST(FindDataAccessTest, FindsTheUsersRepository) {
  absl::StatusOr<DataAccess> access = FindDataAccess(kFixture, *DetectStack(kFixture), {"user"});
  ASSERT_THAT(access, IsOk());
  EXPECT_EQ(access->module, "src/users/repository.ts");
  EXPECT_EQ(access->read.name, "getUserById");
  EXPECT_EQ(access->read.returns, "User | null");
  ASSERT_EQ(access->updates.size(), 1u);
  EXPECT_EQ(access->updates[0].name, "updateUser");
  ASSERT_EQ(access->deletes.size(), 1u);
  EXPECT_EQ(access->deletes[0].name, "deleteUser");
}

TEST(FindDataAccessTest, UnknownEntitySaysWhatWasLookedFor) {
  EXPECT_THAT(FindDataAccess(kFixture, *DetectStack(kFixture), {"invoice"}),
              StatusIs(absl::StatusCode::kNotFound,
                       AllOf(HasSubstr("no data-access function for invoice"),
                             HasSubstr("getInvoiceById"), HasSubstr("src/users/repository.ts"))));
}

TEST(FindDataAccessTest, NonTypeScriptRepositoryIsRefusedNamingTheStack) {
  const std::string py = TempRepo("py2");
  Put(py, "pyproject.toml", "[project]\n");
  EXPECT_THAT(FindDataAccess(py, *DetectStack(py), {"user"}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("the repository is Python"),
                             HasSubstr("TypeScript with ioredis only"))));
}

}  // namespace
}  // namespace baton::agents::cache
