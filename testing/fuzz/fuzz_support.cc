#include "testing/fuzz/fuzz_support.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/field_comparator.h"
#include "google/protobuf/util/message_differencer.h"

namespace baton::fuzz {
namespace {

namespace fs = std::filesystem;

std::string& Argv0() {
  static std::string* argv0 = new std::string;
  return *argv0;
}

std::string& ScratchPath() {
  static std::string* path = new std::string;
  return *path;
}

void RemoveScratch() {
  std::error_code error;
  if (!ScratchPath().empty()) fs::remove_all(ScratchPath(), error);
}

}  // namespace

void InitFuzzTarget(const char* argv0) { Argv0() = argv0 != nullptr ? argv0 : ""; }

std::string DataPath(const std::string& relative) {
  std::vector<std::string> candidates;
  if (const char* srcdir = std::getenv("TEST_SRCDIR"); srcdir != nullptr) {
    candidates.push_back(absl::StrCat(srcdir, "/baton/", relative));
  }
  if (!Argv0().empty()) {
    candidates.push_back(absl::StrCat(Argv0(), ".runfiles/baton/", relative));
  }
  candidates.push_back(relative);
  std::error_code error;
  for (const std::string& candidate : candidates) {
    if (fs::exists(candidate, error)) return candidate;
  }
  std::fprintf(stderr,
               "fuzz target: cannot find %s (run the fuzzer through bazel run or "
               "tools/run_fuzzers.sh, or from the repository root)\n",
               relative.c_str());
  std::abort();
}

std::string ScratchDir() {
  if (!ScratchPath().empty()) return ScratchPath();
  const char* base = std::getenv("TEST_TMPDIR");
  if (base == nullptr) base = std::getenv("TMPDIR");
  if (base == nullptr) base = "/tmp";
  std::string pattern = absl::StrCat(base, "/baton-fuzz-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) {
    std::fprintf(stderr, "fuzz target: cannot create a scratch folder under %s\n", base);
    std::abort();
  }
  ScratchPath() = pattern;
  std::atexit(RemoveScratch);
  return pattern;
}

bool SameMessage(const google::protobuf::Message& a, const google::protobuf::Message& b) {
  google::protobuf::util::DefaultFieldComparator comparator;
  comparator.set_treat_nan_as_equal(true);
  google::protobuf::util::MessageDifferencer differencer;
  differencer.set_field_comparator(&comparator);
  return differencer.Compare(a, b);
}

void Fail(absl::string_view what, absl::string_view input) {
  std::fprintf(stderr, "fuzz target: invariant broken: %.*s\ninput (%zu bytes): %.*s\n",
               static_cast<int>(what.size()), what.data(), input.size(),
               static_cast<int>(std::min<size_t>(input.size(), 300)), input.data());
  std::abort();
}

}  // namespace baton::fuzz
