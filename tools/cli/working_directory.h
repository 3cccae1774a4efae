// Where the user ran `baton` from: BUILD_WORKING_DIRECTORY under
// `bazel run` (which starts the binary in its runfiles tree), else the
// current directory. Relative paths on the command line resolve against it.
#ifndef BATON_TOOLS_CLI_WORKING_DIRECTORY_H_
#define BATON_TOOLS_CLI_WORKING_DIRECTORY_H_

#include <string>

namespace baton::cli {

std::string WorkingDirectory();

// `path` made absolute against WorkingDirectory(); "" and absolute paths
// are returned as they are.
std::string AbsoluteFromWorkingDirectory(const std::string& path);

}  // namespace baton::cli

#endif  // BATON_TOOLS_CLI_WORKING_DIRECTORY_H_
