// Finds credentials written into files: private keys, AWS keys, well-known
// API token formats, passwords in connection strings
// (postgres://user:pass@host), password assignments (password=...,
// "password": "...", PASSWORD '...' in SQL), and high-entropy values
// assigned to *_key / *_secret / *_token names. Every finding is a BLOCKER
// (the git-workflow-manager refuses to commit while one stands) located at
// "path:line"; messages show only a masked preview of the value.
// Placeholders (${VAR}, <password>, ****, changeme, process.env.X) are not
// secrets. Stateless; thread-safe.
#ifndef BATON_AGENTS_SCHEMA_SECRET_SCANNER_H_
#define BATON_AGENTS_SCHEMA_SECRET_SCANNER_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "executor/handoff.pb.h"

namespace baton::agents::schema {

// At most one finding per line (the most specific rule wins). `path` is
// used in locations as given. Rules: secret-private-key,
// secret-aws-access-key, secret-aws-secret-key, secret-api-token,
// secret-connection-string, secret-password, secret-token.
std::vector<handoff::Finding> ScanForSecrets(absl::string_view path,
                                             absl::string_view text);

// Shannon entropy of `text` in bits per character (0 for "").
double ShannonEntropy(absl::string_view text);

// True for values that stand in for a secret rather than being one.
bool IsPlaceholderValue(absl::string_view value);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_SECRET_SCANNER_H_
