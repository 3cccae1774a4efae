#include "agents/schema/finding_format.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::agents::schema {
namespace {

using ::baton::handoff::Finding;

Finding Make(Finding::Severity severity, const std::string& message) {
  Finding finding;
  finding.set_severity(severity);
  finding.set_rule("rule-x");
  finding.set_location("db/a.sql:4");
  finding.set_message(message);
  finding.set_fix("do \"this\"");
  return finding;
}

TEST(FindingFormatTest, TextAndCounts) {
  EXPECT_EQ(FormatFinding(Make(Finding::WARNING, "m")),
            "db/a.sql:4: WARNING rule-x: m\n    fix: do \"this\"\n");
  EXPECT_EQ(CountFindings({}), "no findings");
  EXPECT_EQ(CountFindings({Make(Finding::BLOCKER, "a"), Make(Finding::WARNING, "b"),
                           Make(Finding::WARNING, "c")}),
            "3 findings: 1 blocker, 0 errors, 2 warnings");
}

TEST(FindingFormatTest, JsonEscapes) {
  EXPECT_EQ(FindingsJson("x\\y", {Make(Finding::ERROR, "line\n\"two\"")}),
            "{\n  \"subject\": \"x\\\\y\",\n  \"findings\": [\n"
            "    {\"severity\": \"ERROR\", \"rule\": \"rule-x\", \"location\": "
            "\"db/a.sql:4\", \"message\": \"line\\n\\\"two\\\"\", \"fix\": "
            "\"do \\\"this\\\"\"}\n  ],\n"
            "  \"counts\": {\"BLOCKER\": 0, \"ERROR\": 1, \"WARNING\": 0, \"INFO\": 0}\n}\n");
  EXPECT_EQ(FindingsJson("s", {}),
            "{\n  \"subject\": \"s\",\n  \"findings\": [],\n"
            "  \"counts\": {\"BLOCKER\": 0, \"ERROR\": 0, \"WARNING\": 0, \"INFO\": 0}\n}\n");
}

}  // namespace
}  // namespace baton::agents::schema
