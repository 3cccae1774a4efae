// Translates file globs as domain cards write them (`migrations/**/*`,
// `*.sql`) into RE2 regular expressions over repository-relative paths.
//
// Semantics (those of .gitignore, except that a pattern with a slash also
// floats):
//   *      any run of characters except `/`
//   ?      one character except `/`
//   **     any run of characters including `/`; `**/` matches zero or more
//          whole folders, so `db/**/*.sql` matches `db/a.sql` and `db/x/a.sql`
//   [abc]  a character class (`[!x]` negates); never matches `/`
//   {a,b}  alternation (not nested)
//   \c     the character c literally
// A pattern matches at any folder boundary of the path: `*.sql` matches
// `a/b/c.sql`, and `migrations/**/*` matches `database/migrations/001.sql`.
// A leading `/` anchors the pattern at the repository root instead.
//
// Thread-safety: a pure function, safe to call concurrently.
#ifndef BATON_ROUTER_GLOB_H_
#define BATON_ROUTER_GLOB_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baton::router {

// Returns an RE2 pattern (anchored with ^ and $) matching the paths `glob`
// matches.
//
// Outcomes:
//   OK               the pattern.
//   InvalidArgument  the glob is empty, ends in a lone `\`, or has an
//                    unterminated `[` or `{`, an empty `[]`, or a nested
//                    `{`. The message quotes the glob.
// The result can still fail to compile in RE2 (e.g. `[z-a]`); callers compile
// it and report that error.
absl::StatusOr<std::string> GlobToRegex(absl::string_view glob);

}  // namespace baton::router

#endif  // BATON_ROUTER_GLOB_H_
