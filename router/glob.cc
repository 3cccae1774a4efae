#include "router/glob.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace baton::router {
namespace {

absl::Status BadGlob(absl::string_view glob, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("file pattern `", glob, "`: ", why));
}

// Appends `c` so that RE2 reads it literally.
void AppendLiteral(char c, std::string* out) {
  const unsigned char u = static_cast<unsigned char>(c);
  if (u < 0x80 && !absl::ascii_isalnum(u) && c != '_' && c != '/') {
    out->push_back('\\');
  }
  out->push_back(c);
}

// Translates the class starting at glob[i] == '['; sets *i past its `]`.
// A class never matches the folder separator, so a literal `/` inside it is
// dropped and a negated class also excludes `/`.
absl::Status AppendClass(absl::string_view glob, size_t* i, std::string* out) {
  size_t j = *i + 1;
  bool negated = false;
  if (j < glob.size() && (glob[j] == '!' || glob[j] == '^')) {
    negated = true;
    ++j;
  }
  std::string body;
  const size_t first = j;
  for (; j < glob.size(); ++j) {
    char c = glob[j];
    if (c == ']' && j != first) break;
    if (c == '\\' && j + 1 < glob.size()) c = glob[++j];
    if (c == '/') continue;
    if (c == '[' || c == ']' || c == '^' || c == '\\') body.push_back('\\');
    body.push_back(c);
  }
  if (j >= glob.size()) return BadGlob(glob, "unterminated `[`");
  if (body.empty()) return BadGlob(glob, "empty `[]` class");
  absl::StrAppend(out, negated ? "[^/" : "[", body, "]");
  *i = j + 1;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> GlobToRegex(absl::string_view glob) {
  if (glob.empty()) return BadGlob(glob, "is empty");
  std::string out = "^";
  size_t i = 0;
  if (glob[0] == '/') {
    i = 1;  // Anchored at the repository root.
  } else {
    out += "(?:.*/)?";  // Floats: matches at any folder boundary.
  }
  const size_t start = i;
  bool in_brace = false;
  while (i < glob.size()) {
    const char c = glob[i];
    switch (c) {
      case '*': {
        if (i + 1 < glob.size() && glob[i + 1] == '*') {
          const bool segment_start = i == start || glob[i - 1] == '/';
          size_t j = i + 2;
          while (j < glob.size() && glob[j] == '*') ++j;
          if (segment_start && j < glob.size() && glob[j] == '/') {
            out += "(?:.*/)?";  // Zero or more whole folders.
            i = j + 1;
          } else {
            out += ".*";
            i = j;
          }
        } else {
          out += "[^/]*";
          ++i;
        }
        break;
      }
      case '?':
        out += "[^/]";
        ++i;
        break;
      case '[': {
        absl::Status status = AppendClass(glob, &i, &out);
        if (!status.ok()) return status;
        break;
      }
      case '{':
        if (in_brace) return BadGlob(glob, "nested `{` is not supported");
        in_brace = true;
        out += "(?:";
        ++i;
        break;
      case '}':
        if (in_brace) {
          in_brace = false;
          out += ")";
        } else {
          AppendLiteral(c, &out);
        }
        ++i;
        break;
      case ',':
        if (in_brace) {
          out += "|";
        } else {
          AppendLiteral(c, &out);
        }
        ++i;
        break;
      case '\\':
        if (i + 1 >= glob.size()) return BadGlob(glob, "ends in a lone `\\`");
        AppendLiteral(glob[i + 1], &out);
        i += 2;
        break;
      default:
        AppendLiteral(c, &out);
        ++i;
    }
  }
  if (in_brace) return BadGlob(glob, "unterminated `{`");
  // `migrations/` means everything under the folder.
  if (glob.back() == '/') out += ".*";
  out += "$";
  return out;
}

}  // namespace baton::router
