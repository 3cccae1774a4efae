#include "gitops/conventional_message.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::gitops {
namespace {

using ::testing::StartsWith;

std::string Subject(const std::string& message) {
  return message.substr(0, message.find('\n'));
}

TEST(ConventionalMessageTest, MigrationOfASqlFile) {
  EXPECT_EQ(ConventionalMessage("Add phone_number column to users table",
                                "Database Migration",
                                {"database/migrations/002_add_phone.sql",
                                 "database/migrations/002_add_phone.down.sql"}),
            "feat(db): add phone_number column to users table\n"
            "\n"
            "Files:\n"
            "- database/migrations/002_add_phone.sql\n"
            "- database/migrations/002_add_phone.down.sql");
}

TEST(ConventionalMessageTest, TypeFollowsTheWorkflow) {
  EXPECT_EQ(
      Subject(ConventionalMessage("Slow query on users table",
                                  "Query Optimization", {"db/indexes.sql"})),
      "perf(db): slow query on users table");
  for (const char* workflow :
       {"Database Schema Design", "ETL Pipeline Development", "Data Migration",
        "Cache Implementation", "Backup & Recovery"}) {
    EXPECT_THAT(ConventionalMessage("Set up it", workflow, {"ops/setup.yaml"}),
                StartsWith("feat: set up it"))
        << workflow;
  }
}

TEST(ConventionalMessageTest, FixWordsMakeAFix) {
  EXPECT_EQ(Subject(ConventionalMessage("Fix the broken orders index.",
                                        "Database Migration", {"schema.sql"})),
            "fix(db): fix the broken orders index");
  EXPECT_EQ(Subject(ConventionalMessage("Nightly sync has a bug", "",
                                        {"etl/sync.py"})),
            "fix: nightly sync has a bug");
  EXPECT_EQ(
      Subject(ConventionalMessage("Add prefix column", "Database Migration",
                                  {"migrations/003.sql"})),
      "feat(db): add prefix column")
      << "'prefix' is not the word 'fix'";
}

TEST(ConventionalMessageTest, UnknownWorkflowGuessesFromTheRequest) {
  EXPECT_EQ(
      Subject(ConventionalMessage("Optimize report generation", "Other", {})),
      "perf: optimize report generation");
  EXPECT_EQ(Subject(ConventionalMessage("Add Redis caching", "Other", {})),
            "feat: add Redis caching");
}

TEST(ConventionalMessageTest, SubjectIsTidied) {
  EXPECT_EQ(ConventionalMessage("  Create   ERD\tfor users...  \nmore detail",
                                "Database Schema Design", {}),
            "feat: create ERD for users");
  EXPECT_EQ(Subject(ConventionalMessage("ETL from MongoDB to Redshift",
                                        "ETL Pipeline Development", {"a.sql"})),
            "feat(db): ETL from MongoDB to Redshift");
  EXPECT_EQ(Subject(ConventionalMessage("", "Database Migration",
                                        {"database/migrations/004.sql"})),
            "feat(db): update database/migrations/004.sql");
}

TEST(ConventionalMessageTest, SubjectFitsInSeventyTwoCharacters) {
  std::string request =
      "Add a nullable phone_number column to the users table and backfill it "
      "from the legacy contacts table in batches";
  std::string subject =
      Subject(ConventionalMessage(request, "Database Migration", {"x.sql"}));
  EXPECT_LE(subject.size(), 72u);
  EXPECT_EQ(
      subject,
      "feat(db): add a nullable phone_number column to the users table and");

  std::string one_word(100, 'x');
  subject = Subject(ConventionalMessage(one_word, "Database Migration", {}));
  EXPECT_EQ(subject.size(), 72u);
}

}  // namespace
}  // namespace baton::gitops
