// The demo's throwaway repository: a copy of a fixture tree (e.g.
// testing/fixtures/data_repo, laid out like the data card's "Database Project
// Structure") in a new git repository with one initial commit.
#ifndef BATON_TOOLS_CLI_DEMO_REPOSITORY_H_
#define BATON_TOOLS_CLI_DEMO_REPOSITORY_H_

#include <string>

#include "absl/status/statusor.h"

namespace baton::cli {

// Creates a fresh directory under `parent` (e.g. /tmp), copies `fixture_dir`
// into it (following symlinks, as in a runfiles tree), runs git init with the
// author "Baton Demo <demo@baton.invalid>" in the repository's own config,
// and commits every file. Returns the repository's path.
// NotFound when the fixture is missing; Internal for filesystem failures.
absl::StatusOr<std::string> CreateDemoRepository(const std::string& fixture_dir,
                                                 const std::string& parent);

}  // namespace baton::cli

#endif  // BATON_TOOLS_CLI_DEMO_REPOSITORY_H_
