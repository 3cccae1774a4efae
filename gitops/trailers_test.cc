#include "gitops/trailers.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::gitops {
namespace {

using ::baton::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

TEST(AppendTrailersTest, AddsATrailerParagraph) {
  absl::StatusOr<std::string> message = AppendTrailers(
      "feat(db): add phone\n\nFiles:\n- a.sql\n\n",
      {{"Baton-Run", "run-1"}, {"Reviewed-by", "QA <qa@example.com>"}});
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(*message,
            "feat(db): add phone\n\nFiles:\n- a.sql\n\n"
            "Baton-Run: run-1\nReviewed-by: QA <qa@example.com>\n");
}

TEST(AppendTrailersTest, WithoutTrailersEndsTheMessageWithANewline) {
  absl::StatusOr<std::string> message = AppendTrailers("chore: tidy  \n", {});
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(*message, "chore: tidy\n");
}

TEST(AppendTrailersTest, RejectsBlankMessagesAndMalformedTrailers) {
  EXPECT_THAT(AppendTrailers(" \n", {}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_THAT(
      AppendTrailers("x", {{"Baton Run", "1"}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"Baton Run\"")));
  EXPECT_THAT(AppendTrailers("x", {{"Baton-Run", "1\nEvil: yes"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("Baton-Run needs a one-line")));
  EXPECT_THAT(
      AppendTrailers("x", {{"Baton-Run", ""}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("non-empty")));
}

TEST(ParseTrailersTest, ReadsTheLastParagraph) {
  EXPECT_THAT(ParseTrailers("fix: x\n\nbody text\n\nBaton-Run: r1\n"
                            "Signed-off-by: A <a@b>\n  continued\n"),
              ElementsAre(Pair("Baton-Run", "r1"),
                          Pair("Signed-off-by", "A <a@b> continued")));
}

TEST(ParseTrailersTest, IgnoresMessagesWithoutATrailerBlock) {
  EXPECT_THAT(ParseTrailers("Baton-Run: r1\n"), IsEmpty());
  EXPECT_THAT(ParseTrailers("feat: x\n\nFiles:\n- a.sql\n"), IsEmpty());
  EXPECT_THAT(ParseTrailers("feat: x\n\nBaton-Run: r1\nnot a trailer\n"),
              IsEmpty());
}

TEST(StripTrailersTest, RemovesOnlyTheTrailerBlock) {
  EXPECT_EQ(StripTrailers("feat: x\n\nFiles:\n- a.sql\n\nBaton-Run: r1\n"),
            "feat: x\n\nFiles:\n- a.sql");
  EXPECT_EQ(StripTrailers("feat: x\n\nFiles:\n- a.sql\n"),
            "feat: x\n\nFiles:\n- a.sql");
}

TEST(TrailersTest, RoundTrip) {
  absl::StatusOr<std::string> message =
      AppendTrailers("perf(db): add index", {{"Baton-Run", "r-42"}});
  ASSERT_TRUE(message.ok());
  EXPECT_THAT(ParseTrailers(*message), ElementsAre(Pair("Baton-Run", "r-42")));
  EXPECT_EQ(StripTrailers(*message), "perf(db): add index");
}

}  // namespace
}  // namespace baton::gitops
