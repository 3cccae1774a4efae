#include "tools/cli/working_directory.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace baton::cli {

std::string WorkingDirectory() {
  if (const char* dir = std::getenv("BUILD_WORKING_DIRECTORY")) return dir;
  std::error_code error;
  return std::filesystem::current_path(error).string();
}

std::string AbsoluteFromWorkingDirectory(const std::string& path) {
  if (path.empty() || std::filesystem::path(path).is_absolute()) return path;
  return (std::filesystem::path(WorkingDirectory()) / path).lexically_normal().string();
}

}  // namespace baton::cli
