#include "tools/cli/audit_command.h"

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
using ::testing::Not;

class AuditCommandTest : public ::testing::Test {
 protected:
  int Run(const std::vector<std::string>& args) {
    out_.str("");
    err_.str("");
    return RunAuditCommand(args, Installation(), out_, err_);
  }
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(AuditCommandTest, FolderWithPersonalDataOnlyExitsZero) {
  const std::string repo = CopyDataRepo("audit_cmd_repo");
  EXPECT_EQ(Run({repo}), 0) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("Security audit: audited "));
  EXPECT_THAT(out_.str(), HasSubstr("WARNING pii-column: users.email holds personal "
                                    "data (email address)"));
  EXPECT_THAT(out_.str(), Not(HasSubstr("BLOCKER")));
}

TEST_F(AuditCommandTest, SecretsExitOneNamingFileAndLine) {
  const std::string repo = CopyDataRepo("audit_cmd_secret");
  WriteFile(repo, "config/db.env",
            "# staging\nDATABASE_URL=postgres://app:Qw3-rty9@db/app?sslmode=disable\n");
  setenv("BUILD_WORKING_DIRECTORY", repo.c_str(), 1);
  EXPECT_EQ(Run({"config/db.env"}), 1);
  EXPECT_THAT(out_.str(), HasSubstr("config/db.env:2: BLOCKER secret-connection-string: "));
  EXPECT_THAT(out_.str(), HasSubstr("config/db.env:2: ERROR plaintext-transport: "
                                    "sslmode=disable"));
  EXPECT_THAT(out_.str(), Not(HasSubstr("Qw3-rty9")));
  EXPECT_EQ(Run({"config", "--json"}), 1);
  EXPECT_THAT(out_.str(), HasSubstr("\"BLOCKER\": 1, \"ERROR\": 1"));
  unsetenv("BUILD_WORKING_DIRECTORY");
}

TEST_F(AuditCommandTest, BadInputExitsTwo) {
  const std::string repo = CopyDataRepo("audit_cmd_bad");
  EXPECT_EQ(Run({repo + "/missing.sql"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("missing.sql does not exist"));
  setenv("BUILD_WORKING_DIRECTORY", repo.c_str(), 1);  // Not a git repository.
  EXPECT_EQ(Run({"--changed"}), 2);
  unsetenv("BUILD_WORKING_DIRECTORY");
  EXPECT_EQ(Run({"--bogus"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("usage: baton audit"));
}

}  // namespace
}  // namespace baton::cli
