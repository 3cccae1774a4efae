#include "domains/card_loader.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "cmark.h"
#include "domains/card_cache.h"
#include "domains/chain_parser.h"
#include "domains/front_matter.h"
#include "executor/digest.h"

namespace baton::domains {
namespace {

struct NodeDeleter {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;

std::string Lower(absl::string_view s) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(s));
}

// The text of an inline tree: literals of text and code, breaks as spaces.
void AppendPlainText(cmark_node* node, std::string* out) {
  switch (cmark_node_get_type(node)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
      out->append(cmark_node_get_literal(node));
      return;
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
      out->push_back(' ');
      return;
    default:
      for (cmark_node* child = cmark_node_first_child(node); child != nullptr;
           child = cmark_node_next(child)) {
        AppendPlainText(child, out);
      }
  }
}

std::string PlainText(cmark_node* node) {
  std::string text;
  AppendPlainText(node, &text);
  return std::string(absl::StripAsciiWhitespace(text));
}

// The text of `node` and its following siblings.
std::string PlainTextFrom(cmark_node* node) {
  std::string text;
  for (; node != nullptr; node = cmark_node_next(node)) {
    AppendPlainText(node, &text);
  }
  return std::string(absl::StripAsciiWhitespace(text));
}

void CollectCodeSpans(cmark_node* node, std::vector<std::string>* out) {
  if (cmark_node_get_type(node) == CMARK_NODE_CODE) {
    out->push_back(cmark_node_get_literal(node));
    return;
  }
  for (cmark_node* child = cmark_node_first_child(node); child != nullptr;
       child = cmark_node_next(child)) {
    CollectCodeSpans(child, out);
  }
}

// "**Label**: rest" → {"Label", "rest"}; label is empty when the paragraph
// does not start with bold text. A colon inside the bold is accepted too.
struct Labelled {
  std::string label;
  std::string rest;
};
Labelled SplitLabel(cmark_node* paragraph) {
  Labelled out;
  cmark_node* first = cmark_node_first_child(paragraph);
  if (first == nullptr || cmark_node_get_type(first) != CMARK_NODE_STRONG) {
    out.rest = PlainTextFrom(first);
    return out;
  }
  out.label = std::string(
      absl::StripAsciiWhitespace(absl::StripSuffix(PlainText(first), ":")));
  const std::string rest = PlainTextFrom(cmark_node_next(first));
  out.rest =
      std::string(absl::StripAsciiWhitespace(absl::StripPrefix(rest, ":")));
  return out;
}

// Comma-separated terms, trimmed, trailing punctuation dropped.
std::vector<std::string> SplitTerms(absl::string_view text) {
  std::vector<std::string> terms;
  for (absl::string_view term : absl::StrSplit(text, ',')) {
    term = absl::StripAsciiWhitespace(term);
    while (!term.empty() && absl::StrContains(".;:!?", term.back())) {
      term.remove_suffix(1);
      term = absl::StripTrailingAsciiWhitespace(term);
    }
    if (!term.empty()) terms.emplace_back(term);
  }
  return terms;
}

// The strings between straight or curly double quotes.
absl::StatusOr<std::vector<std::string>> QuotedStrings(absl::string_view text) {
  static constexpr absl::string_view kOpenCurly = "\xE2\x80\x9C";
  static constexpr absl::string_view kCloseCurly = "\xE2\x80\x9D";
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    absl::string_view close;
    size_t open_len = 0;
    if (text[pos] == '"') {
      close = "\"";
      open_len = 1;
    } else if (absl::StartsWith(text.substr(pos), kOpenCurly)) {
      close = kCloseCurly;
      open_len = kOpenCurly.size();
    } else {
      ++pos;
      continue;
    }
    size_t end = text.find(close, pos + open_len);
    if (end == absl::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("a quote is not closed in '", text.substr(pos), "'"));
    }
    absl::string_view phrase = absl::StripAsciiWhitespace(
        text.substr(pos + open_len, end - pos - open_len));
    if (!phrase.empty()) out.emplace_back(phrase);
    pos = end + close.size();
  }
  return out;
}

bool ContainsArrow(absl::string_view text) {
  return absl::StrContains(text, "\xE2\x86\x92") ||
         absl::StrContains(text, "->");
}

// Walks the top-level blocks of a card body in order, tracking the current
// `##` and `###` headings, and fills the card.
class BodyReader {
 public:
  // Problems are appended to `problems` in document order; reading goes on
  // after each one, so that lint can report them all.
  BodyReader(absl::string_view path, int line_offset, DomainCard* card,
             std::vector<absl::Status>* problems)
      : path_(path),
        line_offset_(line_offset),
        card_(card),
        problems_(problems) {}

  void Read(absl::string_view body) {
    NodePtr doc(
        cmark_parse_document(body.data(), body.size(), CMARK_OPT_DEFAULT));
    for (cmark_node* block = cmark_node_first_child(doc.get());
         block != nullptr; block = cmark_node_next(block)) {
      Report(ReadBlock(block));
    }
    Report(FinishWorkflow());
    if (workflows_heading_line_ == 0) {
      Report(CardError(path_, 1,
                       "the card has no '## Agent Workflows' section (add "
                       "one, with a '### Name' heading per workflow)"));
    } else if (card_->workflows().empty()) {
      Report(CardError(path_, workflows_heading_line_,
                       "'## Agent Workflows' holds no workflows (add a "
                       "'### Name' heading, a **Trigger** line and a chain)"));
    }
  }

 private:
  struct OpenWorkflow {
    Workflow workflow;
    bool has_trigger = false;
    bool has_chain = false;
  };

  int Line(cmark_node* node) const {
    return cmark_node_get_start_line(node) + line_offset_;
  }

  void Report(absl::Status status) {
    if (!status.ok()) problems_->push_back(std::move(status));
  }

  absl::Status ReadBlock(cmark_node* block) {
    switch (cmark_node_get_type(block)) {
      case CMARK_NODE_HEADING:
        return ReadHeading(block);
      case CMARK_NODE_PARAGRAPH:
        return ReadParagraph(block);
      case CMARK_NODE_CODE_BLOCK:
        return ReadCodeBlock(block);
      case CMARK_NODE_LIST:
        return ReadList(block);
      default:
        return absl::OkStatus();
    }
  }

  absl::Status ReadHeading(cmark_node* heading) {
    const int level = cmark_node_get_heading_level(heading);
    const std::string text = PlainText(heading);
    if (level == 1) {
      if (card_->title().empty()) card_->set_title(text);
      return absl::OkStatus();
    }
    if (level > 3) return absl::OkStatus();
    Report(FinishWorkflow());
    if (level == 2) {
      h2_ = Lower(text);
      h3_.clear();
      if (h2_ == "agent workflows" && workflows_heading_line_ == 0) {
        workflows_heading_line_ = Line(heading);
      }
      return absl::OkStatus();
    }
    h3_ = Lower(text);
    if (h2_ == "agent workflows") return StartWorkflow(text, Line(heading));
    if (h2_ == "quality standards") {
      card_->add_quality_standards()->set_title(text);
    }
    return absl::OkStatus();
  }

  absl::Status StartWorkflow(const std::string& name, int line) {
    auto [it, inserted] = workflow_lines_.emplace(name, line);
    if (!inserted) {
      return CardError(path_, line,
                       absl::StrCat("workflow \"", name,
                                    "\" is defined twice (first at line ",
                                    it->second, "); rename or merge one"));
    }
    open_ = std::make_unique<OpenWorkflow>();
    open_->workflow.set_name(name);
    open_->workflow.mutable_location()->set_file(std::string(path_));
    open_->workflow.mutable_location()->set_line(line);
    return absl::OkStatus();
  }

  absl::Status FinishWorkflow() {
    if (open_ == nullptr) return absl::OkStatus();
    std::unique_ptr<OpenWorkflow> open = std::move(open_);
    const Workflow& w = open->workflow;
    const int line = w.location().line();
    if (open->workflow.trigger_phrases().empty() && !open->has_trigger) {
      Report(CardError(
          path_, line,
          absl::StrCat("workflow \"", w.name(),
                       "\" has no trigger phrases (add a line like "
                       "**Trigger**: \"Optimize slow query\")")));
    }
    if (!open->has_chain) {
      Report(CardError(
          path_, line,
          absl::StrCat("workflow \"", w.name(),
                       "\" has no chain (add a code block such as "
                       "`spec-manager \xE2\x86\x92 qa-specialist` after its "
                       "**Trigger** line)")));
    }
    *card_->add_workflows() = std::move(open->workflow);
    return absl::OkStatus();
  }

  absl::Status ReadParagraph(cmark_node* paragraph) {
    if (open_ == nullptr) return absl::OkStatus();
    const Labelled labelled = SplitLabel(paragraph);
    const std::string label = Lower(labelled.label);
    if (label == "trigger" || label == "triggers") {
      return ReadTriggerPhrases(labelled.rest, Line(paragraph));
    }
    const std::string text = PlainText(paragraph);
    // Prose after the chain may mention arrows; only the first counts.
    if (labelled.label.empty() && !open_->has_chain && ContainsArrow(text)) {
      return SetChain(text, Line(paragraph));
    }
    return absl::OkStatus();
  }

  absl::Status ReadTriggerPhrases(absl::string_view text, int line) {
    Workflow& w = open_->workflow;
    open_->has_trigger = true;
    absl::StatusOr<std::vector<std::string>> phrases = QuotedStrings(text);
    if (!phrases.ok()) {
      return CardError(path_, line,
                       absl::StrCat("workflow \"", w.name(),
                                    "\": trigger: ", phrases.status().message(),
                                    " (close it with '\"')"));
    }
    if (phrases->empty()) {
      return CardError(path_, line,
                       absl::StrCat("workflow \"", w.name(),
                                    "\": **Trigger** lists no quoted phrases "
                                    "(write **Trigger**: \"a\", \"b\")"));
    }
    for (std::string& phrase : *phrases)
      w.add_trigger_phrases(std::move(phrase));
    return absl::OkStatus();
  }

  absl::Status ReadCodeBlock(cmark_node* block) {
    if (open_ == nullptr) return absl::OkStatus();
    // cmark 0.30 has no "is fenced" query: a fenced block spans more source
    // lines than its literal holds (the fences).
    const char* literal = cmark_node_get_literal(block);
    const int literal_lines = static_cast<int>(
        std::count(literal, literal + std::strlen(literal), '\n'));
    const bool fenced =
        cmark_node_get_end_line(block) - cmark_node_get_start_line(block) + 1 >
        literal_lines;
    // A fenced chain starts on the line after its opening fence.
    const int line = Line(block) + (fenced ? 1 : 0);
    return SetChain(std::string(absl::StripAsciiWhitespace(literal)), line);
  }

  absl::Status SetChain(const std::string& chain, int line) {
    Workflow& w = open_->workflow;
    if (open_->has_chain) {
      return CardError(
          path_, line,
          absl::StrCat("workflow \"", w.name(),
                       "\" has a second chain (first at line ", chain_line_,
                       "); a workflow runs exactly one chain"));
    }
    absl::StatusOr<std::vector<ChainStage>> stages =
        ParseChain(chain, card_->primary_agent());
    if (!stages.ok()) {
      open_->has_chain = true;  // Reported here; not "has no chain" too.
      chain_line_ = line;
      return CardError(path_, line,
                       absl::StrCat("workflow \"", w.name(),
                                    "\": chain: ", stages.status().message()));
    }
    for (ChainStage& stage : *stages) *w.add_stages() = std::move(stage);
    w.set_chain_text(chain);
    open_->has_chain = true;
    chain_line_ = line;
    return absl::OkStatus();
  }

  absl::Status ReadList(cmark_node* list) {
    for (cmark_node* item = cmark_node_first_child(list); item != nullptr;
         item = cmark_node_next(item)) {
      cmark_node* paragraph = cmark_node_first_child(item);
      if (paragraph == nullptr ||
          cmark_node_get_type(paragraph) != CMARK_NODE_PARAGRAPH) {
        continue;
      }
      Report(ReadListItem(paragraph, Line(item)));
    }
    return absl::OkStatus();
  }

  absl::Status ReadListItem(cmark_node* paragraph, int line) {
    if (h2_ == "triggers" && h3_ == "keywords") {
      return ReadKeywordGroup(paragraph, line);
    }
    if (h2_ == "triggers" && h3_ == "file patterns") {
      std::vector<std::string> globs;
      CollectCodeSpans(paragraph, &globs);
      if (globs.empty()) {
        return CardError(path_, line,
                         "file pattern item holds no glob in backticks "
                         "(write - `*.sql`, `migrations/**/*`)");
      }
      for (std::string& glob : globs) {
        card_->mutable_triggers()->add_file_patterns(std::move(glob));
      }
      return absl::OkStatus();
    }
    if (h2_ == "triggers" && h3_ == "aliases") {
      return ReadAliasGroup(paragraph, line);
    }
    if (h2_ == "triggers" && h3_ == "tech stack mentions") {
      for (std::string& term : SplitTerms(PlainText(paragraph))) {
        card_->mutable_triggers()->add_tech_stack(std::move(term));
      }
      return absl::OkStatus();
    }
    if (h2_ == "quality standards" && !card_->quality_standards().empty()) {
      std::string text = PlainText(paragraph);
      if (!text.empty()) {
        card_->mutable_quality_standards()->rbegin()->add_items(
            std::move(text));
      }
      return absl::OkStatus();
    }
    if (h3_ == "when to coordinate with other domains") {
      const Labelled labelled = SplitLabel(paragraph);
      absl::string_view name = labelled.label;
      if (name.empty()) {
        name = absl::string_view(labelled.rest)
                   .substr(0, absl::string_view(labelled.rest).find(':'));
      }
      std::string domain = absl::StrReplaceAll(Lower(name), {{" ", "-"}});
      if (!domain.empty()) card_->add_coordinate_with(std::move(domain));
    }
    return absl::OkStatus();
  }

  absl::Status ReadAliasGroup(cmark_node* paragraph, int line) {
    const Labelled labelled = SplitLabel(paragraph);
    std::vector<std::string> aliases = SplitTerms(labelled.rest);
    if (labelled.label.empty() || aliases.empty()) {
      return CardError(path_, line,
                       "alias item must name a term in bold and its other "
                       "names (write - **PostgreSQL**: Postgres, PG)");
    }
    AliasGroup* group = card_->mutable_triggers()->add_aliases();
    group->set_term(labelled.label);
    group->mutable_location()->set_file(std::string(path_));
    group->mutable_location()->set_line(line);
    for (std::string& alias : aliases) group->add_aliases(std::move(alias));
    return absl::OkStatus();
  }

  absl::Status ReadKeywordGroup(cmark_node* paragraph, int line) {
    const Labelled labelled = SplitLabel(paragraph);
    if (labelled.label.empty()) {
      return CardError(path_, line,
                       "keyword item must start with a bold category (write "
                       "- **Database**: database, schema, SQL)");
    }
    KeywordGroup* group = card_->mutable_triggers()->add_keyword_groups();
    group->set_category(labelled.label);
    group->mutable_location()->set_file(std::string(path_));
    group->mutable_location()->set_line(line);
    for (std::string& keyword : SplitTerms(labelled.rest)) {
      group->add_keywords(std::move(keyword));
    }
    if (group->keywords().empty()) {
      return CardError(path_, line,
                       absl::StrCat("keyword group '", labelled.label,
                                    "' lists no keywords (write them after "
                                    "the colon, separated by commas)"));
    }
    return absl::OkStatus();
  }

  const absl::string_view path_;
  const int line_offset_;
  DomainCard* const card_;
  std::vector<absl::Status>* const problems_;
  std::string h2_;
  std::string h3_;
  int workflows_heading_line_ = 0;
  std::map<std::string, int> workflow_lines_;
  std::unique_ptr<OpenWorkflow> open_;
  int chain_line_ = 0;
};

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot read domain card ", path,
                     " (check the path and its permissions)"));
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) {
    return absl::NotFoundError(absl::StrCat("cannot read domain card ", path));
  }
  return bytes.str();
}

// File line of the `domain:` key, for duplicate-domain messages.
int DomainKeyLine(absl::string_view text) {
  int line = 1;
  for (absl::string_view l : absl::StrSplit(text, '\n')) {
    if (absl::StartsWith(l, "domain:")) return line;
    ++line;
  }
  return 1;
}

}  // namespace

DomainCard ParseCardLenient(absl::string_view text, absl::string_view path,
                            std::vector<absl::Status>* problems) {
  DomainCard card;
  absl::StatusOr<CardParts> parts = SplitFrontMatter(text, path);
  if (parts.ok()) {
    ReadFrontMatter(*parts, path, &card, problems);
    BodyReader(path, parts->body_line_offset, &card, problems)
        .Read(parts->body);
  } else {
    problems->push_back(parts.status());
    BodyReader(path, 0, &card, problems).Read(text);
  }
  card.set_source_path(std::string(path));
  card.set_content_sha256(executor::Sha256Hex(text));
  return card;
}

absl::StatusOr<DomainCard> ParseCard(absl::string_view text,
                                     absl::string_view path) {
  std::vector<absl::Status> problems;
  DomainCard card = ParseCardLenient(text, path, &problems);
  if (!problems.empty()) return problems.front();
  return card;
}

absl::StatusOr<DomainCard> LoadCard(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ParseCard(*text, path);
}

absl::StatusOr<std::vector<std::string>> ListCardFiles(
    const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->path().extension() == ".md" && it->is_regular_file(ec)) {
      files.push_back(it->path());
    }
  }
  if (ec) {
    return absl::NotFoundError(absl::StrCat(
        "cannot list domain card directory ", dir, ": ", ec.message()));
  }
  if (files.empty()) {
    return absl::NotFoundError(
        absl::StrCat("no domain cards (*.md files) in ", dir));
  }
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) {
              return a.filename().string() < b.filename().string();
            });
  std::vector<std::string> paths;
  for (const fs::path& file : files) paths.push_back(file.string());
  return paths;
}

absl::StatusOr<std::string> ReadCardFile(const std::string& path) {
  return ReadFile(path);
}

absl::StatusOr<DomainCatalog> LoadCardDirectory(const std::string& dir) {
  absl::StatusOr<std::vector<std::string>> files = ListCardFiles(dir);
  if (!files.ok()) return files.status();

  DomainCatalog catalog;
  std::vector<std::string> errors;
  std::map<std::string, std::string> domain_owner;  // domain → path.
  CardCache cache(dir);
  for (const std::string& path : *files) {
    absl::StatusOr<DomainCard> card;
    if (std::optional<DomainCard> cached = cache.Find(path); cached.has_value()) {
      card = *std::move(cached);
      card->set_source_path(path);
    } else {
      absl::StatusOr<std::string> text = ReadFile(path);
      if (!text.ok()) {
        errors.push_back(std::string(text.status().message()));
        continue;
      }
      card = ParseCard(*text, path);
      if (!card.ok()) {
        errors.push_back(std::string(card.status().message()));
        continue;
      }
      cache.Store(path, *card);
    }
    auto [it, inserted] = domain_owner.emplace(card->domain(), path);
    if (!inserted) {
      absl::StatusOr<std::string> text = ReadFile(path);
      errors.push_back(absl::StrCat(path, ":", text.ok() ? DomainKeyLine(*text) : 1,
                                    ": domain '", card->domain(),
                                    "' is already defined by ", it->second,
                                    " (each card needs its own domain name)"));
      continue;
    }
    *catalog.add_cards() = *std::move(card);
  }
  cache.Save();
  if (!errors.empty()) {
    return absl::InvalidArgumentError(absl::StrJoin(errors, "\n"));
  }
  return catalog;
}

}  // namespace baton::domains
