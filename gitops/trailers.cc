#include "gitops/trailers.h"

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace baton::gitops {
namespace {

bool IsTrailerKey(absl::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-') {
      return false;
    }
  }
  return true;
}

// Where the last paragraph (the text after the last blank line) starts, or
// npos when the message has only one paragraph.
size_t LastParagraphStart(absl::string_view message) {
  size_t pos = message.rfind("\n\n");
  if (pos == absl::string_view::npos) return absl::string_view::npos;
  return pos + 2;
}

// Parses `block` as trailer lines; false when any line is not one.
bool ParseTrailerBlock(absl::string_view block, std::vector<Trailer>* out) {
  std::vector<Trailer> trailers;
  for (absl::string_view line : absl::StrSplit(block, '\n')) {
    line = absl::StripSuffix(line, "\r");
    if (line.empty()) continue;
    if (line.front() == ' ' || line.front() == '\t') {
      if (trailers.empty()) return false;
      absl::StrAppend(&trailers.back().second, " ",
                      absl::StripAsciiWhitespace(line));
      continue;
    }
    size_t colon = line.find(':');
    if (colon == absl::string_view::npos) return false;
    absl::string_view key =
        absl::StripTrailingAsciiWhitespace(line.substr(0, colon));
    if (!IsTrailerKey(key)) return false;
    trailers.emplace_back(
        std::string(key),
        std::string(absl::StripAsciiWhitespace(line.substr(colon + 1))));
  }
  if (trailers.empty()) return false;
  *out = std::move(trailers);
  return true;
}

}  // namespace

absl::StatusOr<std::string> AppendTrailers(
    absl::string_view message, const std::vector<Trailer>& trailers) {
  absl::string_view body = absl::StripTrailingAsciiWhitespace(message);
  if (absl::StripLeadingAsciiWhitespace(body).empty()) {
    return absl::InvalidArgumentError("commit message is empty");
  }
  std::string result(body);
  if (!trailers.empty()) result += "\n";
  for (const Trailer& trailer : trailers) {
    if (!IsTrailerKey(trailer.first)) {
      return absl::InvalidArgumentError(
          absl::StrCat("trailer key \"", trailer.first,
                       "\" must be letters, digits and '-'"));
    }
    if (trailer.second.empty() || absl::StrContains(trailer.second, '\n') ||
        absl::StrContains(trailer.second, '\r')) {
      return absl::InvalidArgumentError(absl::StrCat(
          "trailer ", trailer.first, " needs a one-line, non-empty value"));
    }
    absl::StrAppend(&result, "\n", trailer.first, ": ", trailer.second);
  }
  result += "\n";
  return result;
}

std::vector<Trailer> ParseTrailers(absl::string_view message) {
  absl::string_view trimmed = absl::StripTrailingAsciiWhitespace(message);
  size_t start = LastParagraphStart(trimmed);
  std::vector<Trailer> trailers;
  if (start == absl::string_view::npos) return trailers;
  ParseTrailerBlock(trimmed.substr(start), &trailers);
  return trailers;
}

std::string StripTrailers(absl::string_view message) {
  absl::string_view trimmed = absl::StripTrailingAsciiWhitespace(message);
  size_t start = LastParagraphStart(trimmed);
  std::vector<Trailer> ignored;
  if (start != absl::string_view::npos &&
      ParseTrailerBlock(trimmed.substr(start), &ignored)) {
    trimmed = absl::StripTrailingAsciiWhitespace(trimmed.substr(0, start));
  }
  return std::string(trimmed);
}

}  // namespace baton::gitops
