// A main() for fuzz targets built without libFuzzer (the regular gcc build
// and --config=asan): runs LLVMFuzzerTestOneInput once on every file under
// the folders given as arguments (the target's seed corpus and its
// regressions/ folder), so every regular test run replays the corpora and
// every crash ever found. Exits 1 when a folder is missing or empty (a replay
// test that runs nothing must not pass); a crash aborts the test.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

namespace fs = std::filesystem;

// The regular files under `dir`, recursively, sorted. Missing -> empty.
std::vector<fs::path> FilesUnder(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code error;
  for (fs::recursive_directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    if (it->is_regular_file(error)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR... (each run through the fuzz target)\n", argv[0]);
    return 2;
  }
  int total = 0;
  for (int i = 1; i < argc; ++i) {
    const std::vector<fs::path> files = FilesUnder(argv[i]);
    // A regressions/ folder holds a README.md at least; a corpus must exist.
    if (files.empty()) {
      std::fprintf(stderr, "%s: no input files (is the folder in the test's data?)\n", argv[i]);
      return 1;
    }
    for (const fs::path& file : files) {
      std::ifstream in(file, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      // A copy in its own heap block so AddressSanitizer sees over-reads.
      std::vector<uint8_t> copy(bytes.begin(), bytes.end());
      static uint8_t empty_input = 0;
      LLVMFuzzerTestOneInput(copy.empty() ? &empty_input : copy.data(), copy.size());
      ++total;
    }
    std::printf("%s: %zu inputs\n", argv[i], files.size());
  }
  std::printf("replayed %d inputs\n", total);
  return 0;
}
