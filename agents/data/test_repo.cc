#include "agents/data/test_repo.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "gtest/gtest.h"

namespace baton::agents::data {

namespace fs = std::filesystem;

std::string CopyDataRepo(const std::string& name) {
  const fs::path source = fs::absolute(kDataRepoFixture);
  const fs::path target = fs::path(std::getenv("TEST_TMPDIR")) / name;
  std::error_code error;
  fs::remove_all(target, error);
  EXPECT_TRUE(fs::is_directory(source)) << source << " is missing";
  for (fs::recursive_directory_iterator it(source, error), end;
       !error && it != end; it.increment(error)) {
    const fs::path to = target / it->path().lexically_relative(source);
    if (fs::is_directory(it->path())) {
      fs::create_directories(to);
    } else {
      fs::create_directories(to.parent_path());
      fs::copy_file(it->path(), to, fs::copy_options::overwrite_existing);
      fs::permissions(to, fs::perms::owner_read | fs::perms::owner_write,
                      fs::perm_options::add);
    }
  }
  EXPECT_FALSE(error) << error.message();
  return target.string();
}

void WriteFile(const std::string& root, const std::string& relative,
               const std::string& text) {
  const fs::path path = fs::path(root) / relative;
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  EXPECT_TRUE(out.good()) << "cannot write " << path;
}

std::string ReadFile(const std::string& root, const std::string& relative) {
  std::ifstream in(fs::path(root) / relative, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace baton::agents::data
