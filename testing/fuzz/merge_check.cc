#include "testing/fuzz/merge_check.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "executor/result_merger.h"
#include "testing/fuzz/fuzz_support.h"

namespace baton::fuzz {
namespace {

namespace fs = std::filesystem;

std::string& Workspace() {
  static std::string* workspace = new std::string;
  return *workspace;
}

void WriteFile(const fs::path& path, absl::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

void SetUpMergeWorkspace() {
  if (!Workspace().empty()) return;
  const fs::path root = ScratchDir();
  const fs::path workspace = root / "workspace";
  WriteFile(workspace / "database/migrations/004_add_phone.sql", "ALTER TABLE users ADD phone;\n");
  WriteFile(workspace / "README.md", "# repo\n");
  WriteFile(root / "outside/secret.txt", "not yours\n");
  std::error_code error;
  fs::create_directory_symlink("../outside", workspace / "out", error);
  fs::create_directory_symlink(workspace / "database", workspace / "db", error);
  Workspace() = fs::canonical(workspace).string();
}

void CheckMerge(const handoff::AgentResult& result, absl::string_view input) {
  SetUpMergeWorkspace();
  handoff::Handoff handoff;
  handoff.set_protocol_version(1);
  handoff.mutable_request()->set_text("Add phone column to users table");
  handoff::Artifact* earlier = handoff.add_artifacts();
  earlier->set_path("README.md");
  earlier->set_agent("spec-manager");
  const std::string before = handoff.SerializeAsString();

  const absl::Status merged = executor::MergeResult(result, "fuzz-agent", Workspace(), &handoff);
  if (!merged.ok()) {
    FUZZ_CHECK(handoff.SerializeAsString() == before, input);
    FUZZ_CHECK(absl::StrContains(merged.message(), "fuzz-agent"), input);
    return;
  }
  const std::string prefix = Workspace() + "/";
  std::error_code error;
  for (const handoff::Artifact& artifact : result.artifacts()) {
    const fs::path real = fs::weakly_canonical(fs::path(Workspace()) / artifact.path(), error);
    FUZZ_CHECK(!error, input);
    FUZZ_CHECK(absl::StartsWith(real.string(), prefix), input);
  }
  FUZZ_CHECK(handoff.findings_size() == result.findings_size(), input);
}

}  // namespace baton::fuzz
