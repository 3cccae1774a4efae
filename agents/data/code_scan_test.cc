#include "agents/data/code_scan.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::agents::data {
namespace {

using ::testing::SizeIs;

TEST(CodeScanTest, FindsAQueryPerLoopItemInTypeScript) {
  const std::string code =
      "export async function ordersByUser(db: Db) {\n"               // 1
      "  const users = await db.query('SELECT id FROM users');\n"     // 2
      "  for (const user of users.rows) {\n"                          // 3
      "    const orders = await db.query(\n"                          // 4
      "      `SELECT * FROM orders WHERE user_id = ${user.id}`);\n"   // 5
      "    result.push(orders);\n"                                    // 6
      "  }\n"                                                         // 7
      "  return result;\n"                                            // 8
      "}\n";
  CodeScan scan = ScanCode(code, LanguageOf("src/orders.ts"));
  ASSERT_THAT(scan.queries, SizeIs(2));
  EXPECT_EQ(scan.queries[0].sql, "SELECT id FROM users");
  EXPECT_EQ(scan.queries[0].line, 2);
  EXPECT_FALSE(scan.queries[0].in_loop);
  EXPECT_EQ(scan.queries[1].sql, "SELECT * FROM orders WHERE user_id = $1");
  EXPECT_EQ(scan.queries[1].line, 5);
  EXPECT_TRUE(scan.queries[1].in_loop);
  EXPECT_EQ(scan.queries[1].loop_line, 3);
  ASSERT_THAT(scan.loop_lookups, SizeIs(1));
  EXPECT_EQ(scan.loop_lookups[0].line, 4);
}

TEST(CodeScanTest, FindsOrmLookupsInCallbacks) {
  const std::string code =
      "const names = ids.map(async (id) => {\n"
      "  const user = await User.findOne({ where: { id } });\n"
      "  return user.name;\n"
      "});\n"
      "const one = await User.findOne({ where: { id: 1 } });\n";
  CodeScan scan = ScanCode(code, CodeLanguage::kJavaScript);
  EXPECT_THAT(scan.queries, SizeIs(0));
  ASSERT_THAT(scan.loop_lookups, SizeIs(1));
  EXPECT_EQ(scan.loop_lookups[0].line, 2);
  EXPECT_EQ(scan.loop_lookups[0].loop_line, 1);
}

TEST(CodeScanTest, FindsPythonLoopsByIndentation) {
  const std::string code =
      "def totals(cursor, user_ids):\n"                                        // 1
      "    result = []\n"                                                      // 2
      "    for user_id in user_ids:\n"                                         // 3
      "        cursor.execute(\n"                                              // 4
      "            \"SELECT total FROM orders WHERE user_id = %s\", (user_id,))\n"  // 5
      "        result.append(cursor.fetchone())\n"                             // 6
      "    cursor.execute(\"\"\"SELECT count(*) FROM users WHERE name = :name\"\"\")\n"  // 7
      "    return result\n";
  CodeScan scan = ScanCode(code, LanguageOf("app/report.py"));
  ASSERT_THAT(scan.queries, SizeIs(2));
  EXPECT_EQ(scan.queries[0].sql, "SELECT total FROM orders WHERE user_id = $1");
  EXPECT_TRUE(scan.queries[0].in_loop);
  EXPECT_EQ(scan.queries[0].loop_line, 3);
  EXPECT_EQ(scan.queries[1].sql, "SELECT count(*) FROM users WHERE name = $1");
  EXPECT_FALSE(scan.queries[1].in_loop);
}

TEST(CodeScanTest, IgnoresUnknownLanguagesAndNonSqlStrings) {
  EXPECT_EQ(LanguageOf("README.md"), CodeLanguage::kUnknown);
  CodeScan scan = ScanCode("const s = 'selected items';\n", CodeLanguage::kJavaScript);
  EXPECT_THAT(scan.queries, SizeIs(0));
}

}  // namespace
}  // namespace baton::agents::data
