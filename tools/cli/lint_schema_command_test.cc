#include "tools/cli/lint_schema_command.h"

#include <cstdlib>
#include <sstream>

#include "agents/data/test_repo.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::cli {
namespace {

using ::baton::agents::data::CopyDataRepo;
using ::baton::agents::data::WriteFile;
using ::testing::HasSubstr;

class LintSchemaCommandTest : public ::testing::Test {
 protected:
  int Run(const std::vector<std::string>& args) {
    out_.str("");
    err_.str("");
    return RunLintSchemaCommand(args, Installation(), out_, err_);
  }
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(LintSchemaCommandTest, RepositoryWithOnlyWarningsExitsZero) {
  const std::string repo = CopyDataRepo("lint_cmd_repo");
  EXPECT_EQ(Run({repo}), 0) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("Schema: 3 migrations in "));
  EXPECT_THAT(out_.str(), HasSubstr("003_add_roles_table.sql:4: WARNING "
                                    "missing-audit-columns: table roles has no "
                                    "updated_at column\n    fix: "));
  EXPECT_THAT(out_.str(), HasSubstr("1 finding: 0 errors, 1 warning\n"));
}

TEST_F(LintSchemaCommandTest, ErrorsExitOneAndJsonListsThem) {
  const std::string repo = CopyDataRepo("lint_cmd_errors");
  WriteFile(repo, "schema/app.sql",
            "CREATE TABLE logs (message TEXT);\n"
            "CREATE TABLE users (id INTEGER PRIMARY KEY, created_at TIMESTAMP NOT NULL,"
            " updated_at TIMESTAMP NOT NULL);\n");
  setenv("BUILD_WORKING_DIRECTORY", repo.c_str(), 1);
  EXPECT_EQ(Run({"schema", "--json"}), 1);
  EXPECT_THAT(out_.str(), HasSubstr("\"subject\": \"schema/app.sql (2 tables)\""));
  EXPECT_THAT(out_.str(), HasSubstr("{\"severity\": \"ERROR\", \"rule\": "
                                    "\"missing-primary-key\", \"location\": "
                                    "\"schema/app.sql:1\""));
  EXPECT_THAT(out_.str(), HasSubstr("\"ERROR\": 1"));
  EXPECT_EQ(Run({"schema/app.sql", "--table", "users"}), 0);
  EXPECT_THAT(out_.str(), HasSubstr("no findings"));
  unsetenv("BUILD_WORKING_DIRECTORY");
}

TEST_F(LintSchemaCommandTest, ListsTheRules) {
  EXPECT_EQ(Run({"--rules"}), 0);
  EXPECT_THAT(out_.str(), HasSubstr("missing-primary-key (ERROR): "));
  EXPECT_THAT(out_.str(), HasSubstr("unindexed-foreign-key (WARNING): "));
}

TEST_F(LintSchemaCommandTest, BadInputExitsTwo) {
  const std::string repo = CopyDataRepo("lint_cmd_bad");
  WriteFile(repo, "broken/a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY,, b);\n");
  EXPECT_EQ(Run({repo + "/broken"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("a.sql:1: near \",\": syntax error in statement"));
  EXPECT_EQ(Run({repo + "/nothing"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("does not exist"));
  EXPECT_EQ(Run({repo, "--table", "ghosts"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("no table ghosts in 3 migrations"));
  EXPECT_EQ(Run({"a", "b"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("usage: baton lint-schema"));
  EXPECT_EQ(Run({"--nope"}), 2);
}

}  // namespace
}  // namespace baton::cli
