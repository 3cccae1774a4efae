#include "gitops/git_sandbox.h"

#include <git2.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"

namespace baton::gitops {
namespace {

std::string NewRoot() {
  static int counter = 0;
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::filesystem::path base = tmp != nullptr ? tmp : "/tmp";
  std::filesystem::path root =
      base / absl::StrCat("git-sandbox-", getpid(), "-", ++counter);
  std::filesystem::remove_all(root);
  std::filesystem::create_directories(root);
  return root.string();
}

}  // namespace

GitSandbox::GitSandbox() : root_(NewRoot()) {
  std::string home = Dir("home");
  std::string empty = Dir("empty-config");
  setenv("HOME", home.c_str(), 1);
  setenv("XDG_CONFIG_HOME", home.c_str(), 1);
  git_libgit2_init();
  git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL,
                   home.c_str());
  git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG,
                   empty.c_str());
  git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM,
                   empty.c_str());
  git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_PROGRAMDATA,
                   empty.c_str());
}

std::string GitSandbox::Dir(absl::string_view name) const {
  std::filesystem::path dir = std::filesystem::path(root_) / std::string(name);
  std::filesystem::create_directories(dir);
  return dir.string();
}

bool WriteFile(const std::string& path, absl::string_view contents) {
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(),
                                      error);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    return false;
  }
  return true;
}

}  // namespace baton::gitops
