#include "agents/etl/dbt_project.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::etl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class DbtProjectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    Write("dbt/dbt_project.yml", "name: shop\n");
  }
  void Write(const std::string& relative, const std::string& text) {
    std::filesystem::create_directories(
        std::filesystem::path(root_ + "/" + relative).parent_path());
    std::ofstream(root_ + "/" + relative) << text;
  }
  std::string root_;
};

TEST_F(DbtProjectTest, ReadsModelsLayersSourcesAndTests) {
  Write("dbt/models/staging/stg_a.sql", "select 1");
  Write("dbt/models/marts/fct_a.sql", "select 2");
  Write("dbt/models/staging/_sources.yml",
        "sources:\n  - name: raw\n    tables:\n      - name: a\n"
        "models:\n  - name: stg_a\n    columns:\n      - name: id\n"
        "        tests: [not_null, unique, {accepted_values: {values: [1]}}]\n");
  Write("dbt/tests/assert_x.sql", "select 1 where 0");
  absl::StatusOr<DbtProject> project = LoadDbtProject(root_);
  ASSERT_TRUE(project.ok()) << project.status();
  EXPECT_EQ(project->name, "shop");
  ASSERT_EQ(project->models.size(), 2u);
  EXPECT_EQ(project->models[0].name, "fct_a");
  EXPECT_EQ(project->models[0].layer, "marts");
  EXPECT_EQ(project->models[1].path, "dbt/models/staging/stg_a.sql");
  EXPECT_THAT(project->sources.at("raw"), ElementsAre("a"));
  EXPECT_THAT(project->column_tests.at("stg_a").not_null, ElementsAre("id"));
  EXPECT_THAT(project->column_tests.at("stg_a").unique, ElementsAre("id"));
  ASSERT_EQ(project->tests.size(), 1u);
  EXPECT_EQ(project->tests[0].name, "assert_x");
  EXPECT_TRUE(project->fixtures_path.empty());
}

TEST_F(DbtProjectTest, BadYamlNamesTheFile) {
  Write("dbt/models/a.sql", "select 1");
  Write("dbt/models/schema.yml", "models: [\n");
  EXPECT_THAT(LoadDbtProject(root_),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("dbt/models/schema.yml: ")));
}

TEST_F(DbtProjectTest, ModelNameUsedTwiceIsRefused) {
  Write("dbt/models/staging/a.sql", "select 1");
  Write("dbt/models/marts/a.sql", "select 1");
  EXPECT_THAT(LoadDbtProject(root_),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("model name a is used twice")));
}

TEST_F(DbtProjectTest, MissingProjectOrModelsAreReported) {
  EXPECT_THAT(LoadDbtProject(root_),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("dbt/models holds no .sql file")));
  Write("dbt/dbt_project.yml", "version: 1\n");
  EXPECT_THAT(LoadDbtProject(root_),
              testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no `name`")));
  EXPECT_THAT(LoadDbtProject(root_ + "/nowhere"),
              testing::StatusIs(absl::StatusCode::kNotFound,
                                HasSubstr("dbt/dbt_project.yml is missing")));
}

}  // namespace
}  // namespace baton::agents::etl
