#include "domains/chain_parser.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace baton::domains {
namespace {

constexpr absl::string_view kUnicodeArrow = "\xE2\x86\x92";  // →
constexpr absl::string_view kAsciiArrow = "->";
constexpr absl::string_view kPrimaryAgentPlaceholder = "primary-agent";

// A recursive-descent parser over one chain. Positions are byte offsets;
// messages report 1-based character columns.
class ChainParser {
 public:
  ChainParser(absl::string_view text, absl::string_view primary_agent)
      : text_(text), primary_agent_(primary_agent) {}

  absl::StatusOr<std::vector<ChainStage>> Parse() {
    SkipSpace();
    if (AtEnd()) {
      return absl::InvalidArgumentError(
          "chain is empty (write agents separated by '\xE2\x86\x92', e.g. "
          "`a \xE2\x86\x92 b`)");
    }
    std::vector<ChainStage> stages;
    size_t arrow_pos = 0;  // Valid when stages is non-empty.
    absl::string_view arrow;
    while (true) {
      SkipSpace();
      if (size_t len = ArrowLength(); len > 0) {
        absl::string_view here = text_.substr(pos_, len);
        if (stages.empty()) {
          return Error(absl::StrCat("dangling '", here, "' at column ",
                                    Column(pos_),
                                    " (there is no stage before it)"));
        }
        return Error(absl::StrCat("empty stage at column ", Column(pos_),
                                  " (nothing between the '", arrow,
                                  "' at column ", Column(arrow_pos),
                                  " and this '", here, "')"));
      }
      if (AtEnd()) {
        return Error(absl::StrCat("dangling '", arrow, "' at column ",
                                  Column(arrow_pos),
                                  " (there is no stage after it)"));
      }
      absl::StatusOr<ChainStage> stage = ParseStage();
      if (!stage.ok()) return stage.status();
      stages.push_back(*std::move(stage));
      SkipSpace();
      if (AtEnd()) return stages;
      size_t len = ArrowLength();
      if (len == 0) return Unexpected();
      arrow_pos = pos_;
      arrow = text_.substr(pos_, len);
      pos_ += len;
    }
  }

 private:
  // stage := step ('+' step)*
  absl::StatusOr<ChainStage> ParseStage() {
    ChainStage stage;
    while (true) {
      SkipSpace();
      if (Peek() == '+') {
        return Error(absl::StrCat("empty parallel step before '+' at column ",
                                  Column(pos_),
                                  " ('+' needs a step on both sides)"));
      }
      absl::Status s = ParseStep(stage.add_steps());
      if (!s.ok()) return s;
      SkipSpace();
      if (Peek() != '+') return stage;
      size_t plus_pos = pos_++;
      SkipSpace();
      if (AtEnd() || ArrowLength() > 0 || Peek() == '+') {
        return Error(absl::StrCat("empty parallel step after '+' at column ",
                                  Column(plus_pos),
                                  " ('+' needs a step on both sides)"));
      }
    }
  }

  // step := '[' text ']' note? | name note?
  absl::Status ParseStep(ChainStep* step) {
    const size_t start = pos_;
    const char c = Peek();
    if (c == ')' || c == ']') {
      return Error(absl::StrCat("unbalanced '", std::string(1, c),
                                "' at column ", Column(pos_),
                                " (no matching opening bracket)"));
    }
    if (c == '(') {
      return Error(absl::StrCat("note '(' at column ", Column(pos_),
                                " has no agent before it"));
    }
    if (c == '[') {
      size_t close = text_.find(']', pos_ + 1);
      if (close == absl::string_view::npos) {
        return Error(absl::StrCat("unbalanced '[' at column ", Column(pos_),
                                  " (close the placeholder with ']')"));
      }
      absl::string_view inner =
          absl::StripAsciiWhitespace(text_.substr(pos_ + 1, close - pos_ - 1));
      if (inner.empty()) {
        return Error(absl::StrCat("empty placeholder '[]' at column ",
                                  Column(pos_),
                                  " (write [primary-agent] or a gate text)"));
      }
      pos_ = close + 1;
      if (inner == kPrimaryAgentPlaceholder) {
        if (primary_agent_.empty()) {
          return Error(absl::StrCat(
              "[primary-agent] at column ", Column(start),
              " cannot be resolved: the card names no primary agent"));
        }
        step->set_kind(ChainStep::AGENT);
        step->set_agent(std::string(primary_agent_));
        absl::Status s = ParseOptionalNote(step);
        if (!s.ok()) return s;
      } else {
        step->set_kind(ChainStep::HUMAN_GATE);
        step->set_note(std::string(inner));
      }
      step->set_written_as(std::string(text_.substr(start, pos_ - start)));
      return absl::OkStatus();
    }

    // An agent name runs until space, a bracket, '+', or an arrow.
    while (!AtEnd() && !IsSpace(Peek()) && ArrowLength() == 0) {
      const char d = Peek();
      if (d == '(' || d == ')' || d == '[' || d == ']' || d == '+') break;
      ++pos_;
    }
    absl::string_view name = text_.substr(start, pos_ - start);
    if (!IsValidAgentName(name)) {
      return Error(absl::StrCat("bad agent name '", name, "' at column ",
                                Column(start),
                                " (agent names match [a-z][a-z0-9-]*)"));
    }
    step->set_kind(ChainStep::AGENT);
    step->set_agent(std::string(name));
    absl::Status s = ParseOptionalNote(step);
    if (!s.ok()) return s;
    step->set_written_as(std::string(text_.substr(start, pos_ - start)));
    return absl::OkStatus();
  }

  // note := '(' text ')' with balanced parentheses inside.
  absl::Status ParseOptionalNote(ChainStep* step) {
    const size_t before = pos_;
    SkipSpace();
    if (Peek() != '(') {
      pos_ = before;  // Keep trailing space out of written_as.
      return absl::OkStatus();
    }
    const size_t open = pos_;
    int depth = 0;
    for (; pos_ < text_.size(); ++pos_) {
      if (text_[pos_] == '(') ++depth;
      if (text_[pos_] == ')' && --depth == 0) break;
    }
    if (pos_ >= text_.size()) {
      return Error(absl::StrCat("unbalanced '(' at column ", Column(open),
                                " (close the note with ')')"));
    }
    absl::string_view note =
        absl::StripAsciiWhitespace(text_.substr(open + 1, pos_ - open - 1));
    ++pos_;  // The closing ')'.
    if (note.empty()) {
      return Error(absl::StrCat("empty note '()' at column ", Column(open),
                                " (remove it or write the note inside)"));
    }
    step->set_note(std::string(note));
    return absl::OkStatus();
  }

  absl::Status Unexpected() const {
    const char c = Peek();
    if (c == '(' || c == ')' || c == ']') {
      absl::string_view what = c == '(' ? "second note" : "unbalanced";
      return Error(absl::StrCat(what, " '", std::string(1, c), "' at column ",
                                Column(pos_)));
    }
    // Show the offending word, not just one byte of it.
    size_t end = pos_;
    while (end < text_.size() && !IsSpace(text_[end])) ++end;
    return Error(absl::StrCat("unexpected '", text_.substr(pos_, end - pos_),
                              "' at column ", Column(pos_),
                              " (expected '\xE2\x86\x92', '+' or the end of "
                              "the chain; missing an arrow?)"));
  }

  size_t ArrowLength() const {
    absl::string_view rest = text_.substr(pos_);
    if (absl::StartsWith(rest, kUnicodeArrow)) return kUnicodeArrow.size();
    if (absl::StartsWith(rest, kAsciiArrow)) return kAsciiArrow.size();
    return 0;
  }

  // 1-based column in UTF-8 characters.
  int Column(size_t byte_pos) const {
    int column = 1;
    for (size_t i = 0; i < byte_pos && i < text_.size(); ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
    }
    return column;
  }

  static bool IsSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }
  void SkipSpace() {
    while (!AtEnd() && IsSpace(text_[pos_])) ++pos_;
  }
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  static absl::Status Error(absl::string_view message) {
    return absl::InvalidArgumentError(message);
  }

  const absl::string_view text_;
  const absl::string_view primary_agent_;
  size_t pos_ = 0;
};

}  // namespace

bool IsValidAgentName(absl::string_view name) {
  if (name.empty() || !absl::ascii_islower(name[0])) return false;
  for (char c : name) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '-') {
      return false;
    }
  }
  return true;
}

absl::StatusOr<std::vector<ChainStage>> ParseChain(
    absl::string_view chain, absl::string_view primary_agent) {
  return ChainParser(chain, primary_agent).Parse();
}

}  // namespace baton::domains
