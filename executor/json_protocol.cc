#include "executor/json_protocol.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"
#include "re2/re2.h"

namespace baton::executor {
namespace {

// protobuf's JSON parser reports
//   "sumary: Cannot find field."                       (top-level unknown)
//   "(artifacts[0]) kinds: Cannot find field."         (nested unknown)
//   "(findings[1].message): invalid value 42 for type TYPE_STRING"
// and syntax errors with a caret excerpt on following lines.
std::string Explain(absl::string_view parser_message, absl::string_view json,
                    absl::string_view agent) {
  const std::string message(absl::StripTrailingAsciiWhitespace(parser_message));
  std::string parent, field, path, why;
  static const RE2 kNestedUnknown(R"(^\(([^)]*)\) ([^:]+): Cannot find field\.?$)");
  static const RE2 kTopUnknown(R"(^([^ :()]+): Cannot find field\.?$)");
  static const RE2 kBadValue(R"(^\(([^)]*)\): (.*)$)");
  if (RE2::FullMatch(message, kNestedUnknown, &parent, &field)) {
    return absl::StrCat("agent ", agent, " wrote a JSON result with an unknown field at ", parent, ".",
                        field, " (fields are those of handoff.proto's AgentResult)");
  }
  if (RE2::FullMatch(message, kTopUnknown, &field)) {
    return absl::StrCat("agent ", agent, " wrote a JSON result with an unknown field at ", field,
                        " (fields are those of handoff.proto's AgentResult)");
  }
  static const RE2 kNestedOther(R"(^\(([^)]*)\) ([A-Za-z_][A-Za-z0-9_]*): (.*)$)");
  static const RE2 kTopOther(R"(^([A-Za-z_][A-Za-z0-9_]*): (.*)$)");
  if (RE2::FullMatch(message, kNestedOther, &parent, &field, &why)) {
    return absl::StrCat("agent ", agent, " wrote a JSON result with a bad value at ", parent,
                        ".", field, ": ", why);
  }
  if (RE2::FullMatch(message, kTopOther, &field, &why)) {
    return absl::StrCat("agent ", agent, " wrote a JSON result with a bad value at ", field,
                        ": ", why);
  }
  if (RE2::FullMatch(message, kBadValue, &path, &why)) {
    return absl::StrCat("agent ", agent, " wrote a JSON result with a bad value at ",
                        path.empty() ? "the top level" : path, ": ", why);
  }
  if (absl::StrContains(message, "Root element must be a message")) {
    return absl::StrCat("agent ", agent,
                        " wrote JSON that is not one object (an AgentResult)");
  }
  // A syntax error: "<reason>\n<up to 40 bytes around it>\n<spaces>^".
  std::vector<std::string> lines = absl::StrSplit(message, '\n');
  std::string text = absl::StrCat("agent ", agent, " wrote malformed JSON: ",
                                  absl::StripSuffix(lines[0], "."));
  if (lines.size() >= 3 && absl::EndsWith(lines.back(), "^")) {
    std::vector<std::string> middle(lines.begin() + 1, lines.end() - 1);
    const std::string segment = absl::StrJoin(middle, "\n");
    size_t found = segment.empty() ? json.size() : json.find(segment);
    if (found != absl::string_view::npos) {
      size_t offset = std::min(json.size(), found + lines.back().size() - 1);
      absl::string_view before = json.substr(0, offset);
      size_t line_start = before.rfind('\n');
      absl::StrAppend(&text, " at line ", std::count(before.begin(), before.end(), '\n') + 1,
                      ", column ",
                      offset - (line_start == absl::string_view::npos ? 0 : line_start + 1) + 1);
    }
    if (!absl::StripAsciiWhitespace(segment).empty()) {
      absl::StrAppend(&text, " (near `", absl::StripAsciiWhitespace(segment), "`)");
    }
  }
  return text;
}

}  // namespace

std::string MessageToAgentJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string json;
  // Printing a valid message cannot fail for the types Baton uses.
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

absl::StatusOr<handoff::AgentResult> ParseJsonAgentResult(absl::string_view json,
                                                          absl::string_view agent) {
  if (absl::StripAsciiWhitespace(json).empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "agent ", agent, " wrote nothing on stdout; a json agent prints one "
        "AgentResult object"));
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  handoff::AgentResult result;
  auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &result, options);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        Explain(absl::string_view(parsed.message().data(), parsed.message().size()), json,
                agent));
  }
  if (result.outcome() == handoff::AgentResult::OUTCOME_UNSPECIFIED) {
    return absl::InvalidArgumentError(absl::StrCat(
        "agent ", agent, " wrote a JSON result without \"outcome\" (SUCCEEDED, FAILED "
        "or TRANSIENT_FAILURE)"));
  }
  return result;
}

}  // namespace baton::executor
