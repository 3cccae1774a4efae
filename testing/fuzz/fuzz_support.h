// Helpers shared by Baton's fuzz targets (testing/fuzz/*_fuzz.cc): where the
// repository's data files are at run time, a private scratch folder, and an
// invariant check that crashes loudly (so libFuzzer records the input and the
// replay test fails).
// Thread-safety: call from the fuzzing thread only.
#ifndef BATON_TESTING_FUZZ_FUZZ_SUPPORT_H_
#define BATON_TESTING_FUZZ_FUZZ_SUPPORT_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace baton::fuzz {

// Remembers argv[0] so DataPath can find the binary's runfiles; call from
// LLVMFuzzerInitialize.
void InitFuzzTarget(const char* argv0);

// The path of repository file `relative` (e.g. "domains/data.md"): under
// $TEST_SRCDIR/baton in a test, else in the runfiles beside the binary, else
// relative to the current folder (a checkout). Aborts naming the file when it
// exists nowhere.
std::string DataPath(const std::string& relative);

// A fresh folder for this process under $TEST_TMPDIR (or $TMPDIR, or /tmp),
// removed at exit. Aborts when it cannot be created.
std::string ScratchDir();

// The input as text.
inline absl::string_view AsText(const uint8_t* data, size_t size) {
  return absl::string_view(reinterpret_cast<const char*>(data), size);
}

// Whether `a` and `b` hold the same fields and values (NaN equals NaN).
bool SameMessage(const google::protobuf::Message& a, const google::protobuf::Message& b);

// Prints "invariant broken: <what>" and the input's first bytes, then aborts.
[[noreturn]] void Fail(absl::string_view what, absl::string_view input);

}  // namespace baton::fuzz

// Checks an invariant of a fuzz target; `input` is the text being fuzzed.
#define FUZZ_CHECK(condition, input)                                   \
  do {                                                                 \
    if (!(condition)) ::baton::fuzz::Fail(#condition, (input));        \
  } while (false)

#endif  // BATON_TESTING_FUZZ_FUZZ_SUPPORT_H_
