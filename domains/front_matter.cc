#include "domains/front_matter.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "domains/chain_parser.h"
#include "yaml-cpp/yaml.h"

namespace baton::domains {
namespace {

constexpr absl::string_view kByteOrderMark = "\xEF\xBB\xBF";

// The line without its newline, trailing '\r' or trailing blanks.
absl::string_view StripLine(absl::string_view line) {
  return absl::StripTrailingAsciiWhitespace(line);
}

// File line of a YAML node or mark inside the front matter.
int FileLine(const YAML::Mark& mark, const CardParts& parts) {
  if (mark.is_null() || mark.line < 0) return parts.yaml_first_line;
  return parts.yaml_first_line + mark.line;
}

absl::Status ReadName(const YAML::Node& root, const char* key,
                      const CardParts& parts, absl::string_view path,
                      std::string* out) {
  const YAML::Node node = root[key];
  const int line = FileLine(node.Mark(), parts);
  if (!node.IsScalar() || node.Scalar().empty()) {
    return CardError(path, line,
                     absl::StrCat("front matter key '", key,
                                  "' must be a name such as 'data', not ",
                                  node.IsNull() ? "empty" : "a list or map"));
  }
  if (!IsValidAgentName(node.Scalar())) {
    return CardError(
        path, line,
        absl::StrCat("front matter key '", key, "' is '", node.Scalar(),
                     "'; names match [a-z][a-z0-9-]* (lower-case "
                     "letters, digits and '-')"));
  }
  *out = node.Scalar();
  return absl::OkStatus();
}

absl::Status ReadNameList(
    const YAML::Node& root, const char* key, const CardParts& parts,
    absl::string_view path,
    google::protobuf::RepeatedPtrField<std::string>* out) {
  const YAML::Node node = root[key];
  if (!node || node.IsNull()) return absl::OkStatus();
  if (!node.IsSequence()) {
    return CardError(path, FileLine(node.Mark(), parts),
                     absl::StrCat("front matter key '", key,
                                  "' must be a list such as [qa-specialist, "
                                  "security-auditor]"));
  }
  for (const YAML::Node& item : node) {
    if (!item.IsScalar() || !IsValidAgentName(item.Scalar())) {
      return CardError(
          path, FileLine(item.Mark(), parts),
          absl::StrCat("front matter key '", key, "' holds '",
                       item.IsScalar() ? item.Scalar() : "a list or map",
                       "'; agent names match [a-z][a-z0-9-]*"));
    }
    out->Add(std::string(item.Scalar()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CardError(absl::string_view path, int line,
                       absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(path, ":", line, ": ", what));
}

absl::StatusOr<CardParts> SplitFrontMatter(absl::string_view text,
                                           absl::string_view path) {
  if (absl::StartsWith(text, kByteOrderMark)) {
    text.remove_prefix(kByteOrderMark.size());
  }
  size_t end = text.find('\n');
  if (end == absl::string_view::npos ||
      StripLine(text.substr(0, end)) != "---") {
    return CardError(path, 1,
                     "front matter is missing (a card starts with a '---' "
                     "YAML block)");
  }
  CardParts parts;
  parts.yaml_first_line = 2;
  const size_t yaml_begin = end + 1;
  size_t line_begin = yaml_begin;
  int line = 2;
  while (line_begin < text.size()) {
    size_t line_end = text.find('\n', line_begin);
    if (line_end == absl::string_view::npos) line_end = text.size();
    absl::string_view content =
        StripLine(text.substr(line_begin, line_end - line_begin));
    if (content == "---" || content == "...") {
      parts.yaml = text.substr(yaml_begin, line_begin - yaml_begin);
      parts.closing_line = line;
      parts.body = line_end < text.size() ? text.substr(line_end + 1)
                                          : absl::string_view();
      parts.body_line_offset = line;
      return parts;
    }
    line_begin = line_end + 1;
    ++line;
  }
  return CardError(path, 1,
                   "front matter is not closed (end the YAML block with a "
                   "'---' line)");
}

absl::Status ParseFrontMatter(const CardParts& parts, absl::string_view path,
                              DomainCard* card) {
  std::vector<absl::Status> problems;
  ReadFrontMatter(parts, path, card, &problems);
  return problems.empty() ? absl::OkStatus() : problems.front();
}

void ReadFrontMatter(const CardParts& parts, absl::string_view path,
                     DomainCard* card, std::vector<absl::Status>* problems) {
  auto report = [problems](absl::Status status) {
    if (!status.ok()) problems->push_back(std::move(status));
  };
  YAML::Node root;
  try {
    root = YAML::Load(std::string(parts.yaml));
  } catch (const YAML::Exception& e) {
    report(CardError(path, FileLine(e.mark, parts),
                     absl::StrCat("front matter is not valid YAML: ", e.msg,
                                  " (check indentation, colons and quotes)")));
    return;
  }
  if (!root.IsMap()) {
    report(CardError(
        path, root.IsNull() ? parts.closing_line : FileLine(root.Mark(), parts),
        "front matter must be YAML 'key: value' lines with "
        "domain, priority and primary_agent"));
    return;
  }
  const YAML::Node& map = root;
  for (const char* key : {"domain", "priority", "primary_agent"}) {
    if (!map[key]) {
      report(CardError(
          path, parts.closing_line,
          absl::StrCat("front matter key '", key, "' is missing (add a '", key,
                       ": ...' line)")));
    }
  }
  if (map["domain"]) {
    report(ReadName(map, "domain", parts, path, card->mutable_domain()));
  }
  if (const YAML::Node priority = map["priority"]; priority) {
    try {
      if (!priority.IsScalar()) throw YAML::BadConversion(priority.Mark());
      card->set_priority(priority.as<int>());
    } catch (const YAML::Exception&) {
      report(CardError(
          path, FileLine(priority.Mark(), parts),
          absl::StrCat(
              "front matter key 'priority' must be an "
              "integer such as 1, not '",
              priority.IsScalar() ? priority.Scalar() : "a list or map", "'")));
    }
  }
  if (map["primary_agent"]) {
    report(ReadName(map, "primary_agent", parts, path,
                    card->mutable_primary_agent()));
  }
  report(ReadNameList(map, "secondary_agents", parts, path,
                      card->mutable_secondary_agents()));
  report(ReadNameList(map, "related_agents", parts, path,
                      card->mutable_related_agents()));
  if (const YAML::Node timeouts = map["agent_timeouts"]; timeouts) {
    if (!timeouts.IsMap()) {
      report(CardError(path, FileLine(timeouts.Mark(), parts),
                       "front matter key 'agent_timeouts' must be a map such as "
                       "{qa-specialist: 900} (seconds)"));
      return;
    }
    for (const auto& entry : timeouts) {
      const std::string agent = entry.first.IsScalar() ? entry.first.Scalar() : "";
      int seconds = 0;
      bool valid = IsValidAgentName(agent) && entry.second.IsScalar();
      if (valid) {
        try {
          seconds = entry.second.as<int>();
        } catch (const YAML::Exception&) {
          valid = false;
        }
      }
      if (!valid || seconds <= 0) {
        report(CardError(path, FileLine(entry.first.Mark(), parts),
                         absl::StrCat("agent_timeouts entry '", agent,
                                      "' must be an agent name with a positive number "
                                      "of seconds")));
        continue;
      }
      (*card->mutable_agent_timeout_seconds())[agent] = seconds;
    }
  }
}

}  // namespace baton::domains
