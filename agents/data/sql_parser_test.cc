#include "agents/data/sql_parser.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::data {
namespace {

using ::baton::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::SizeIs;

TEST(SqlParserTest, SplitsStatementsKeepingSemicolonsInsideStringsAndComments) {
  const std::string script =
      "-- Create the table.\n"
      "CREATE TABLE notes (body TEXT DEFAULT 'a;b');\n"
      "/* a comment; with a semicolon */\n"
      "INSERT INTO notes VALUES ('x;y');\n"
      "\n"
      "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_notes_body ON notes (body);\n";
  absl::StatusOr<std::vector<SqlStatement>> statements = SplitSqlStatements(script);
  ASSERT_TRUE(statements.ok()) << statements.status();
  ASSERT_THAT(*statements, SizeIs(3));
  EXPECT_EQ((*statements)[0].text, "CREATE TABLE notes (body TEXT DEFAULT 'a;b')");
  EXPECT_EQ((*statements)[0].line, 2);
  EXPECT_EQ((*statements)[1].text, "INSERT INTO notes VALUES ('x;y')");
  EXPECT_EQ((*statements)[1].line, 4);
  EXPECT_EQ((*statements)[2].text,
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_notes_body ON notes (body)");
  EXPECT_EQ((*statements)[2].line, 6);
  EXPECT_EQ(script.substr(static_cast<size_t>((*statements)[2].offset), 12), "CREATE INDEX");
}

TEST(SqlParserTest, CommentsOnlyHoldNoStatement) {
  absl::StatusOr<std::vector<SqlStatement>> statements =
      SplitSqlStatements("-- nothing here\n/* still nothing */\n");
  ASSERT_TRUE(statements.ok()) << statements.status();
  EXPECT_THAT(*statements, SizeIs(0));
}

TEST(SqlParserTest, ErrorsQuoteLibpgQueryWithLineAndColumn) {
  EXPECT_THAT(SplitSqlStatements("SELECT 1;\nSELEC * FROM users;"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "SQL does not parse: syntax error at or near \"SELEC\" at "
                       "line 2, column 1 (position 11)"));
  EXPECT_THAT(ParseSql("SELECT * FROM users WHERE"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("syntax error at end of input at line 1, column 26")));
}

// Found by testing/fuzz/sql_fuzz: a file that is not UTF-8 split fine but
// its statements failed to parse with an Internal error about JSON; a NUL
// byte silently hid the rest of the file.
TEST(SqlParserTest, TextThatIsNotUtf8OrHoldsNulIsAParseErrorWithItsPosition) {
  EXPECT_THAT(SplitSqlStatements("SELECT 1;\nDROP INDEX idx_u\x88_phone;"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "SQL does not parse: byte 0x88 is not UTF-8 at line 2, column 17 "
                       "(save the file as UTF-8 text)"));
  EXPECT_THAT(ParseSql("SELECT '\xe9t\xe9'"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("byte 0xe9 is not UTF-8")));
  EXPECT_THAT(SplitSqlStatements(std::string("SELECT 1;\0DROP TABLE users;", 27)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("SQL does not parse: a NUL byte at line 1, column 10")));
  EXPECT_THAT(ParseSql("SELECT 'caf\xc3\xa9', '\xe2\x82\xac', '\xf0\x9f\x98\x80'"),
              ::baton::testing::IsOk());
}

// Found by testing/fuzz/sql_fuzz: the end of a nested comment was read as
// a statement.
TEST(SqlParserTest, NestedBlockCommentsBeforeAStatementAreSkipped) {
  const std::string sql = "SELECT 1;\n/* a /* b ; */ c ; */\nSELECT 2;";
  absl::StatusOr<std::vector<SqlStatement>> statements = SplitSqlStatements(sql);
  ASSERT_THAT(statements, ::baton::testing::IsOk());
  ASSERT_THAT(*statements, SizeIs(2));
  EXPECT_EQ((*statements)[1].text, "SELECT 2");
  EXPECT_EQ((*statements)[1].line, 3);
  EXPECT_EQ((*statements)[1].offset, static_cast<int>(sql.find("SELECT 2")));
}

// Found by the CI fuzz smoke: PostgreSQL ends a line comment at a bare \r
// too, so the statement after "-- note\r" is not part of the comment.
TEST(SqlParserTest, ALineCommentEndsAtACarriageReturn) {
  const std::string sql = "-- note\rCREATE TABLE t (id INT);\nSELECT 2;";
  absl::StatusOr<std::vector<SqlStatement>> statements = SplitSqlStatements(sql);
  ASSERT_THAT(statements, ::baton::testing::IsOk());
  ASSERT_THAT(*statements, SizeIs(2));
  EXPECT_EQ((*statements)[0].text, "CREATE TABLE t (id INT)");
  EXPECT_EQ((*statements)[0].offset, static_cast<int>(sql.find("CREATE")));
}

// Found by testing/fuzz/sql_fuzz: ~40 chained operators made the parse tree
// deeper than protobuf's JSON reader goes, and ParseSql failed (Internal).
TEST(SqlParserTest, LongOperatorChainsParse) {
  std::string sql = "SELECT first_name";
  for (int i = 0; i < 60; ++i) sql += " || ' ' || last_name";
  sql += " FROM users";
  absl::StatusOr<google::protobuf::Value> tree = ParseSql(sql);
  ASSERT_THAT(tree, ::baton::testing::IsOk());
  std::vector<const google::protobuf::Value*> statements =
      parse_tree::List(parse_tree::Field(&*tree, "stmts"));
  ASSERT_THAT(statements, SizeIs(1));
  EXPECT_EQ(parse_tree::NodeType(parse_tree::Field(statements[0], "stmt")), "SelectStmt");
}

TEST(SqlParserTest, ParseTreeHasNodesAndLocations) {
  absl::StatusOr<google::protobuf::Value> tree =
      ParseSql("SELECT email FROM users WHERE id = 1");
  ASSERT_TRUE(tree.ok()) << tree.status();
  using namespace parse_tree;  // NOLINT: test brevity.
  std::vector<const google::protobuf::Value*> statements = List(Field(&*tree, "stmts"));
  ASSERT_THAT(statements, SizeIs(1));
  const google::protobuf::Value* statement = Field(statements[0], "stmt");
  EXPECT_EQ(NodeType(statement), "SelectStmt");
  const google::protobuf::Value* select = Node(statement, "SelectStmt");
  std::vector<const google::protobuf::Value*> from = List(Field(select, "fromClause"));
  ASSERT_THAT(from, SizeIs(1));
  EXPECT_EQ(String(Field(Node(from[0], "RangeVar"), "relname")), "users");
  EXPECT_EQ(Int(Field(Node(from[0], "RangeVar"), "location"), -1), 18);
  std::vector<const google::protobuf::Value*> targets = List(Field(select, "targetList"));
  ASSERT_THAT(targets, SizeIs(1));
  EXPECT_THAT(Names(Field(Node(Field(Node(targets[0], "ResTarget"), "val"), "ColumnRef"),
                          "fields")),
              ::testing::ElementsAre("email"));
}

TEST(SqlParserTest, DescribePositionCountsLines) {
  EXPECT_EQ(DescribePosition("ab\ncd\nef", 0), "line 1, column 1");
  EXPECT_EQ(DescribePosition("ab\ncd\nef", 4), "line 2, column 2");
  EXPECT_EQ(DescribePosition("ab\ncd\nef", 100), "line 3, column 3");
}

}  // namespace
}  // namespace baton::agents::data
