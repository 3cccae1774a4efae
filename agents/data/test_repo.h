// Test helper: a writable copy of testing/fixtures/data_repo (the data card's
// database layout) under TEST_TMPDIR, for tests that write migrations.
// Tests must list "//testing/fixtures:data_repo" in `data`.
#ifndef BATON_AGENTS_DATA_TEST_REPO_H_
#define BATON_AGENTS_DATA_TEST_REPO_H_

#include <string>

namespace baton::agents::data {

// The fixture's path relative to the runfiles root (a test's working
// directory).
inline constexpr char kDataRepoFixture[] = "testing/fixtures/data_repo";

// Copies the fixture (following Bazel's runfile symlinks) to
// $TEST_TMPDIR/<name>, replacing any earlier copy; returns its absolute path.
// Fails the current test when the fixture is missing.
std::string CopyDataRepo(const std::string& name);

// Writes `text` to `root`/`relative`, creating folders.
void WriteFile(const std::string& root, const std::string& relative,
               const std::string& text);

// The contents of `root`/`relative`, or "" when it cannot be read.
std::string ReadFile(const std::string& root, const std::string& relative);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_TEST_REPO_H_
