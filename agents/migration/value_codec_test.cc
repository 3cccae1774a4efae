#include "agents/migration/value_codec.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::migration {
namespace {

using ::baton::testing::StatusIs;
using ::testing::HasSubstr;

TEST(ValueCodecTest, LiteralsForPostgres) {
  EXPECT_EQ(*SqlLiteral(ValueKind::kInteger, "42"), "42");
  EXPECT_EQ(*SqlLiteral(ValueKind::kInteger, std::nullopt), "NULL");
  EXPECT_EQ(*SqlLiteral(ValueKind::kBoolean, "0"), "false");
  EXPECT_EQ(*SqlLiteral(ValueKind::kBoolean, "1"), "true");
  EXPECT_EQ(*SqlLiteral(ValueKind::kText, "it's \xF0\x9F\x8E\x89"), "'it''s \xF0\x9F\x8E\x89'");
  EXPECT_EQ(*SqlLiteral(ValueKind::kText, "back\\slash"), "'back\\slash'");
  EXPECT_EQ(*SqlLiteral(ValueKind::kDate, "0000-00-00"), "NULL");
  EXPECT_EQ(*SqlLiteral(ValueKind::kTimestamp, "2024-00-10 10:00:00"), "NULL");
  EXPECT_EQ(*SqlLiteral(ValueKind::kDate, "2024-02-29"), "'2024-02-29'");
  EXPECT_EQ(*SqlLiteral(ValueKind::kTimestampTz, "2024-01-02 03:04:05"),
            "'2024-01-02 03:04:05+00'");
  EXPECT_EQ(*SqlLiteral(ValueKind::kBytes, std::string("\x00\xff", 2)), "'\\x00ff'::bytea");
}

TEST(ValueCodecTest, RefusesWhatPostgresCannotStore) {
  EXPECT_THAT(SqlLiteral(ValueKind::kText, std::string("a\0b", 3)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("NUL byte")));
  EXPECT_THAT(SqlLiteral(ValueKind::kInteger, "1; DROP TABLE users"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("is not a number")));
}

TEST(ValueCodecTest, CanonicalFormsAgreeAcrossServers) {
  struct Case {
    ValueKind kind;
    std::optional<std::string> mysql;
    std::optional<std::string> postgres;
  };
  const Case cases[] = {
      {ValueKind::kBoolean, "1", "t"},
      {ValueKind::kBoolean, "0", "f"},
      {ValueKind::kFloat, "1.1", "1.1"},
      {ValueKind::kDouble, "0.1", "0.1"},
      {ValueKind::kDouble, "1e20", "1e+20"},
      {ValueKind::kTimestamp, "2024-01-02 03:04:05.500000", "2024-01-02 03:04:05.5"},
      {ValueKind::kTimestamp, "2024-01-02 03:04:05.000000", "2024-01-02 03:04:05"},
      {ValueKind::kTimestampTz, "2024-01-02 03:04:05", "2024-01-02 03:04:05+00"},
      {ValueKind::kDate, "0000-00-00", std::nullopt},
      {ValueKind::kBytes, std::string("\x01\xab", 2), "\\x01ab"},
      {ValueKind::kNumeric, "12.50", "12.50"},
      {ValueKind::kText, std::nullopt, std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CanonicalSource(c.kind, c.mysql), CanonicalTarget(c.kind, c.postgres))
        << c.mysql.value_or("NULL") << " vs " << c.postgres.value_or("NULL");
  }
  // And they tell different values apart.
  EXPECT_NE(CanonicalSource(ValueKind::kText, "bob"), CanonicalTarget(ValueKind::kText, "b0b"));
  EXPECT_NE(CanonicalSource(ValueKind::kBoolean, "1"), CanonicalTarget(ValueKind::kBoolean, "f"));
  EXPECT_NE(CanonicalSource(ValueKind::kText, std::nullopt), CanonicalTarget(ValueKind::kText, ""));
  EXPECT_NE(CanonicalSource(ValueKind::kNumeric, "12.50"),
            CanonicalTarget(ValueKind::kNumeric, "12.51"));
}

}  // namespace
}  // namespace baton::agents::migration
