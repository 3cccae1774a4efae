#include "agents/data/json_value.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::data {
namespace {

using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::google::protobuf::Value;
using ::testing::HasSubstr;

TEST(JsonValueTest, ReadsEveryKindOfValue) {
  absl::StatusOr<Value> value = JsonToValue(
      R"( {"a": [1, -2.5e1, true, false, null], "s": "x\"\\\/\n\u00e9\ud83d\ude00", "o": {}} )");
  ASSERT_THAT(value, IsOk());
  const auto& fields = value->struct_value().fields();
  const auto& list = fields.at("a").list_value();
  ASSERT_EQ(list.values_size(), 5);
  EXPECT_EQ(list.values(0).number_value(), 1);
  EXPECT_EQ(list.values(1).number_value(), -25);
  EXPECT_TRUE(list.values(2).bool_value());
  EXPECT_FALSE(list.values(3).bool_value());
  EXPECT_EQ(list.values(4).kind_case(), Value::kNullValue);
  EXPECT_EQ(fields.at("s").string_value(), "x\"\\/\n\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(fields.at("o").kind_case(), Value::kStructValue);
}

// protobuf's JsonStringToMessage stops at 100 levels; parse trees go deeper.
TEST(JsonValueTest, ReadsDeepNesting) {
  std::string json;
  for (int i = 0; i < 250; ++i) json += R"({"k": [)";
  json += "1";
  for (int i = 0; i < 250; ++i) json += "]}";
  absl::StatusOr<Value> value = JsonToValue(json);
  ASSERT_THAT(value, IsOk());
  const Value* inner = &*value;
  for (int i = 0; i < 250; ++i) inner = &inner->struct_value().fields().at("k").list_value().values(0);
  EXPECT_EQ(inner->number_value(), 1);
}

TEST(JsonValueTest, MalformedJsonSaysWhatAndWhere) {
  EXPECT_THAT(JsonToValue(R"({"a": 1,})"),
              StatusIs(absl::StatusCode::kInvalidArgument, "JSON: expected a key at byte 8"));
  EXPECT_THAT(JsonToValue("[1] 2"), StatusIs(absl::StatusCode::kInvalidArgument,
                                             HasSubstr("text after the value")));
  EXPECT_THAT(JsonToValue(R"("abc)"), StatusIs(absl::StatusCode::kInvalidArgument,
                                                HasSubstr("unterminated string")));
  EXPECT_THAT(JsonToValue(R"(["\ud800"])"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("lone surrogate")));
  EXPECT_THAT(JsonToValue(std::string(700, '[')),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("nesting too deep")));
  EXPECT_THAT(JsonToValue("tru"), StatusIs(absl::StatusCode::kInvalidArgument,
                                           "JSON: expected a value at byte 0"));
}

}  // namespace
}  // namespace baton::agents::data
