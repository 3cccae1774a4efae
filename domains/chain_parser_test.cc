#include "domains/chain_parser.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::domains {
namespace {

using ::baton::testing::StatusIs;
using ::testing::HasSubstr;

// "a(note) + b | c" rendering of stages, for compact assertions.
std::string Render(const std::vector<ChainStage>& stages) {
  std::string out;
  for (size_t i = 0; i < stages.size(); ++i) {
    if (i > 0) out += " | ";
    for (int j = 0; j < stages[i].steps_size(); ++j) {
      const ChainStep& step = stages[i].steps(j);
      if (j > 0) out += " + ";
      if (step.kind() == ChainStep::HUMAN_GATE) {
        out += "GATE[" + step.note() + "]";
        continue;
      }
      out += step.agent();
      if (!step.note().empty()) out += "(" + step.note() + ")";
    }
  }
  return out;
}

std::string ParseOk(absl::string_view chain,
                    absl::string_view primary = "infrastructure-specialist") {
  absl::StatusOr<std::vector<ChainStage>> stages = ParseChain(chain, primary);
  EXPECT_TRUE(stages.ok()) << stages.status();
  return stages.ok() ? Render(*stages) : "";
}

TEST(ChainParserTest, SequenceOfAgents) {
  EXPECT_EQ(ParseOk("spec-manager → systems-architect → "
                    "infrastructure-specialist → security-auditor → "
                    "git-workflow-manager"),
            "spec-manager | systems-architect | infrastructure-specialist | "
            "security-auditor | git-workflow-manager");
}

TEST(ChainParserTest, SingleAgentIsOneStage) {
  absl::StatusOr<std::vector<ChainStage>> stages =
      ParseChain("  qa-specialist  ", "x");
  ASSERT_TRUE(stages.ok()) << stages.status();
  ASSERT_EQ(stages->size(), 1u);
  EXPECT_EQ((*stages)[0].steps(0).written_as(), "qa-specialist");
}

TEST(ChainParserTest, NotesKeepCommasAndSpaces) {
  absl::StatusOr<std::vector<ChainStage>> stages = ParseChain(
      "debug-specialist (analyze query) → infrastructure-specialist (add "
      "indexes, rewrite query) → qa-specialist (verify performance)",
      "x");
  ASSERT_TRUE(stages.ok()) << stages.status();
  ASSERT_EQ(stages->size(), 3u);
  const ChainStep& middle = (*stages)[1].steps(0);
  EXPECT_EQ(middle.kind(), ChainStep::AGENT);
  EXPECT_EQ(middle.agent(), "infrastructure-specialist");
  EXPECT_EQ(middle.note(), "add indexes, rewrite query");
  EXPECT_EQ(middle.written_as(),
            "infrastructure-specialist (add indexes, rewrite query)");
  EXPECT_EQ((*stages)[0].steps(0).note(), "analyze query");
  EXPECT_EQ((*stages)[2].steps(0).note(), "verify performance");
}

TEST(ChainParserTest, NoteWithNestedParenthesesAndNoSpace) {
  EXPECT_EQ(ParseOk("qa-specialist(check p95 (not mean))→git-workflow-manager"),
            "qa-specialist(check p95 (not mean)) | git-workflow-manager");
}

TEST(ChainParserTest, ParallelSteps) {
  absl::StatusOr<std::vector<ChainStage>> stages = ParseChain(
      "systems-architect → security-auditor + qa-specialist (load test) → "
      "git-workflow-manager",
      "x");
  ASSERT_TRUE(stages.ok()) << stages.status();
  ASSERT_EQ(stages->size(), 3u);
  ASSERT_EQ((*stages)[1].steps_size(), 2);
  EXPECT_EQ((*stages)[1].steps(0).agent(), "security-auditor");
  EXPECT_EQ((*stages)[1].steps(1).agent(), "qa-specialist");
  EXPECT_EQ((*stages)[1].steps(1).note(), "load test");
}

TEST(ChainParserTest, RepeatedAgent) {
  EXPECT_EQ(ParseOk("qa-specialist (before) → infrastructure-specialist → "
                    "qa-specialist (after)"),
            "qa-specialist(before) | infrastructure-specialist | "
            "qa-specialist(after)");
}

TEST(ChainParserTest, PrimaryAgentPlaceholderResolves) {
  absl::StatusOr<std::vector<ChainStage>> stages =
      ParseChain("spec-manager → [primary-agent] (implement)", "frontend-dev");
  ASSERT_TRUE(stages.ok()) << stages.status();
  ASSERT_EQ(stages->size(), 2u);
  const ChainStep& step = (*stages)[1].steps(0);
  EXPECT_EQ(step.kind(), ChainStep::AGENT);
  EXPECT_EQ(step.agent(), "frontend-dev");
  EXPECT_EQ(step.note(), "implement");
  EXPECT_EQ(step.written_as(), "[primary-agent] (implement)");
}

TEST(ChainParserTest, PrimaryAgentPlaceholderNeedsPrimaryAgent) {
  EXPECT_THAT(ParseChain("a → [primary-agent]", ""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("[primary-agent] at column 5 cannot be "
                                 "resolved")));
}

TEST(ChainParserTest, BracketedTextIsHumanGate) {
  absl::StatusOr<std::vector<ChainStage>> stages =
      ParseChain("qa-specialist → [fix if needed] → git-workflow-manager", "x");
  ASSERT_TRUE(stages.ok()) << stages.status();
  ASSERT_EQ(stages->size(), 3u);
  const ChainStep& gate = (*stages)[1].steps(0);
  EXPECT_EQ(gate.kind(), ChainStep::HUMAN_GATE);
  EXPECT_EQ(gate.note(), "fix if needed");
  EXPECT_EQ(gate.agent(), "");
  EXPECT_EQ(gate.written_as(), "[fix if needed]");
}

TEST(ChainParserTest, AsciiArrowAndMixedArrows) {
  EXPECT_EQ(ParseOk("a->b -> c (x, y) → d"), "a | b | c(x, y) | d");
}

TEST(ChainParserTest, NewlinesAreWhitespace) {
  EXPECT_EQ(ParseOk("a →\n  b +\n  c"), "a | b + c");
}

void ExpectError(absl::string_view chain, absl::string_view message) {
  EXPECT_THAT(ParseChain(chain, "primary"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::StartsWith(std::string(message))))
      << "chain: " << chain;
}

TEST(ChainParserTest, EmptyChain) {
  ExpectError("", "chain is empty");
  ExpectError("   \n ", "chain is empty");
}

TEST(ChainParserTest, DanglingArrow) {
  ExpectError("a → b →",
              "dangling '→' at column 7 (there is no stage after it)");
  ExpectError("→ a", "dangling '→' at column 1 (there is no stage before it)");
  ExpectError("a -> ", "dangling '->' at column 3");
}

TEST(ChainParserTest, EmptyStage) {
  ExpectError("a → → b",
              "empty stage at column 5 (nothing between the '→' at column 3 "
              "and this '→')");
}

TEST(ChainParserTest, EmptyParallelStep) {
  ExpectError("a + → b", "empty parallel step after '+' at column 3");
  ExpectError("a → + b", "empty parallel step before '+' at column 5");
  ExpectError("a + + b", "empty parallel step after '+' at column 3");
  ExpectError("a +", "empty parallel step after '+' at column 3");
}

TEST(ChainParserTest, UnbalancedParenthesis) {
  // Columns count characters, so the arrow is one column.
  ExpectError("a → debug-specialist (analyze query → b",
              "unbalanced '(' at column 22 (close the note with ')')");
  ExpectError("a) → b", "unbalanced ')' at column 2");
  ExpectError("a → ) b", "unbalanced ')' at column 5");
}

TEST(ChainParserTest, UnbalancedBracket) {
  ExpectError("a → [fix if needed → b",
              "unbalanced '[' at column 5 (close the placeholder with ']')");
  ExpectError("a ] → b", "unbalanced ']' at column 3");
  ExpectError("a → []", "empty placeholder '[]' at column 5");
}

TEST(ChainParserTest, BadAgentName) {
  ExpectError("spec-manager → Systems_Architect",
              "bad agent name 'Systems_Architect' at column 16 (agent names "
              "match [a-z][a-z0-9-]*)");
  ExpectError("9lives", "bad agent name '9lives' at column 1");
  ExpectError("a → qa_specialist (x)",
              "bad agent name 'qa_specialist' at column 5");
}

TEST(ChainParserTest, MissingArrowBetweenAgents) {
  ExpectError("a b",
              "unexpected 'b' at column 3 (expected '→', '+' or the "
              "end of the chain; missing an arrow?)");
  ExpectError("a (x) (y)", "second note '(' at column 7");
  ExpectError("a → b ()", "empty note '()' at column 7");
}

TEST(ChainParserTest, ValidAgentNames) {
  EXPECT_TRUE(IsValidAgentName("qa-specialist"));
  EXPECT_TRUE(IsValidAgentName("a1"));
  EXPECT_FALSE(IsValidAgentName(""));
  EXPECT_FALSE(IsValidAgentName("-a"));
  EXPECT_FALSE(IsValidAgentName("QA"));
  EXPECT_FALSE(IsValidAgentName("a b"));
}

}  // namespace
}  // namespace baton::domains
