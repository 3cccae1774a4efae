#include "agents/schema/sql_statements.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::agents::schema {
namespace {

TEST(SqlStatementsTest, SplitsWithLinesSkippingComments) {
  const std::vector<SqlStatement> statements = SplitSqlStatements(
      "-- header\n"
      "CREATE TABLE a (x TEXT DEFAULT ';');\n"
      "\n"
      "/* block\n comment */ INSERT INTO a VALUES ('it''s; fine');\n"
      "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n"
      "  UPDATE a SET x = 'y';\n"
      "END;\n");
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0].text, "CREATE TABLE a (x TEXT DEFAULT ';');");
  EXPECT_EQ(statements[0].line, 2);
  EXPECT_EQ(statements[1].text, "INSERT INTO a VALUES ('it''s; fine');");
  EXPECT_EQ(statements[1].line, 5);
  EXPECT_EQ(statements[2].line, 6);
  EXPECT_THAT(statements[2].text, ::testing::EndsWith("END;"));
}

TEST(SqlStatementsTest, KeepsAnUnterminatedTailForSqliteToReport) {
  const std::vector<SqlStatement> statements =
      SplitSqlStatements("CREATE TABLE a (x INTEGER);\nCREAT TABLE b (y)\n-- end\n");
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[1].text, "CREAT TABLE b (y)\n-- end");
  EXPECT_EQ(statements[1].line, 2);
}

TEST(SqlStatementsTest, CommentsAndBlanksOnlyGiveNothing) {
  EXPECT_TRUE(SplitSqlStatements("").empty());
  EXPECT_TRUE(SplitSqlStatements("  -- nothing\n/* here */\n").empty());
  EXPECT_TRUE(SplitSqlStatements(";;").empty());
}

TEST(SqlStatementsTest, ClassifiesStatements) {
  EXPECT_EQ(LeadingKeyword("  -- c\n create table x (a)"), "CREATE");
  EXPECT_TRUE(IsSchemaStatement("ALTER TABLE x ADD COLUMN y"));
  EXPECT_TRUE(IsSchemaStatement("drop index i"));
  EXPECT_FALSE(IsSchemaStatement("INSERT INTO x VALUES (1)"));
  EXPECT_FALSE(IsSchemaStatement("BEGIN;"));
  EXPECT_EQ(LeadingKeyword("(select 1)"), "");
}

}  // namespace
}  // namespace baton::agents::schema
