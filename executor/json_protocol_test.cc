#include "executor/json_protocol.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::executor {
namespace {

using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

absl::StatusOr<handoff::AgentResult> Parse(absl::string_view json) {
  return ParseJsonAgentResult(json, "py-qa");
}

TEST(JsonProtocolTest, RequestUsesProtoFieldNamesAndPrintsEveryField) {
  handoff::AgentRequest request;
  request.set_protocol_version(1);
  request.set_scratch_dir("/tmp/s");
  request.mutable_step()->set_agent("py-qa");
  std::string json = MessageToAgentJson(request);
  EXPECT_THAT(json, AllOf(HasSubstr("\"protocol_version\": 1"),
                          HasSubstr("\"scratch_dir\": \"/tmp/s\""),
                          HasSubstr("\"workspace\": \"\""), HasSubstr("\"agent\": \"py-qa\"")));
}

TEST(JsonProtocolTest, ParsesAResultInEitherFieldSpelling) {
  absl::StatusOr<handoff::AgentResult> result = Parse(R"({
    "protocol_version": 1, "outcome": "SUCCEEDED", "summary": "ok",
    "artifacts": [{"path": "a.sql", "kind": "MIGRATION", "commit": true}],
    "facts": {"k": "v"}, "commit": {"commitId": "abc"}})");
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->outcome(), handoff::AgentResult::SUCCEEDED);
  EXPECT_EQ(result->artifacts(0).kind(), handoff::Artifact::MIGRATION);
  EXPECT_TRUE(result->artifacts(0).commit());
  EXPECT_EQ(result->facts().at("k"), "v");
  EXPECT_EQ(result->commit().commit_id(), "abc");
}

TEST(JsonProtocolTest, MalformedJsonSaysWhereItBroke) {
  EXPECT_THAT(Parse("{\"outcome\": \"SUCCEEDED\",\n \"summary\": \"cut"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("agent py-qa wrote malformed JSON: "),
                             HasSubstr("at line 2, column"))));
  EXPECT_THAT(Parse("{\"outcome\": \"SUCCEEDED\"} trailing"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("Parsing terminated before end of input"),
                             HasSubstr("at line 1, column 26"), HasSubstr("near `"))));
}

TEST(JsonProtocolTest, UnknownFieldsAreRejectedWithTheirPath) {
  EXPECT_THAT(Parse(R"({"outcome": "SUCCEEDED", "sumary": "x"})"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("agent py-qa wrote a JSON result with an unknown field at "
                                 "sumary")));
  EXPECT_THAT(Parse(R"({"outcome": "SUCCEEDED", "artifacts": [{}, {"path": "a", "kinds": 1}]})"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("unknown field at artifacts[1].kinds")));
}

TEST(JsonProtocolTest, TypeErrorsNameThePathAndTheExpectedType) {
  EXPECT_THAT(Parse(R"({"outcome": "SUCCEEDED", "findings": [{}, {"message": 42}]})"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("bad value at findings[1].message: invalid value 42 for "
                                 "type TYPE_STRING")));
  EXPECT_THAT(Parse(R"({"outcome": "DONE"})"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("bad value at outcome"), HasSubstr("\"DONE\""))));
  EXPECT_THAT(Parse(R"({"outcome": "SUCCEEDED", "artifacts": [{"commit": [true]}]})"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("bad value at artifacts[0].commit: Proto field is not "
                                 "repeating")));
  EXPECT_THAT(Parse(R"({"outcome": "SUCCEEDED", "summary": ["a"]})"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("bad value at summary: ")));
  EXPECT_THAT(Parse(R"([1, 2])"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not one object")));
}

TEST(JsonProtocolTest, EmptyOutputAndMissingOutcomeAreExplained) {
  EXPECT_THAT(Parse("  \n"), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("wrote nothing on stdout")));
  EXPECT_THAT(Parse(R"({"summary": "x"})"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("without \"outcome\"")));
}

}  // namespace
}  // namespace baton::executor
