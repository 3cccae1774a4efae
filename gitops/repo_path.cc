#include "gitops/repo_path.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace baton::gitops {

absl::Status ValidateRepoPath(absl::string_view path) {
  auto invalid = [path](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("path \"", path, "\" ", why,
                     " (paths must be relative to the repository root)"));
  };
  if (path.empty()) return invalid("is empty");
  if (path.front() == '/') return invalid("is absolute");
  if (path.back() == '/') return invalid("names a directory");
  if (absl::StrContains(path, '\0')) return invalid("contains a NUL byte");
  std::vector<absl::string_view> parts = absl::StrSplit(path, '/');
  for (absl::string_view part : parts) {
    if (part == "..") return invalid("contains '..'");
    if (part.empty() || part == ".") {
      return invalid("contains an empty or '.' component");
    }
  }
  if (absl::AsciiStrToLower(parts.front()) == ".git") {
    return invalid("points into .git/");
  }
  return absl::OkStatus();
}

}  // namespace baton::gitops
