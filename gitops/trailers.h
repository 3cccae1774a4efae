// Git trailers ("Key: value" lines in a commit message's last paragraph,
// the format `git interpret-trailers` reads), e.g. "Baton-Run: 20240101-ab12".
// Thread-safe: stateless functions.
#ifndef BATON_GITOPS_TRAILERS_H_
#define BATON_GITOPS_TRAILERS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baton::gitops {

// Key, value.
using Trailer = std::pair<std::string, std::string>;

// `message` without trailing whitespace, then (when there are trailers) a
// blank line and one "Key: value" line per trailer, then a newline.
// InvalidArgument when the message is blank, a key is not made of letters,
// digits and '-', or a value is empty or spans lines.
absl::StatusOr<std::string> AppendTrailers(
    absl::string_view message, const std::vector<Trailer>& trailers);

// The trailers of `message`: its last paragraph when every line of it is a
// "Key: value" line (indented lines continue the previous value). Empty when
// the message has a single paragraph or its last one is not a trailer block.
std::vector<Trailer> ParseTrailers(absl::string_view message);

// `message` without its trailer block and trailing whitespace.
std::string StripTrailers(absl::string_view message);

}  // namespace baton::gitops

#endif  // BATON_GITOPS_TRAILERS_H_
