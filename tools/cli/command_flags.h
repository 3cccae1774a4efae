// A small flag parser for subcommands that take their own flags:
//   CommandFlags flags;
//   flags.String("--to", &to);  flags.Bool("--json", &json);
//   std::string error = flags.Parse(args);   // "" on success
// Accepts `--name value` and `--name=value`; anything not starting with
// "--" is positional. Unknown flags are errors naming the flag.
#ifndef BATON_TOOLS_CLI_COMMAND_FLAGS_H_
#define BATON_TOOLS_CLI_COMMAND_FLAGS_H_

#include <map>
#include <string>
#include <vector>

namespace baton::cli {

class CommandFlags {
 public:
  void String(const std::string& name, std::string* out);
  void Int(const std::string& name, int* out);
  void Bool(const std::string& name, bool* out);
  void Repeated(const std::string& name, std::vector<std::string>* out);

  // Returns "" on success, else what is wrong.
  std::string Parse(const std::vector<std::string>& args);
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  enum class Kind { kString, kInt, kBool, kRepeated };
  struct Flag {
    Kind kind;
    void* out;
  };
  std::map<std::string, Flag> flags_;
  std::vector<std::string> positional_;
};

}  // namespace baton::cli

#endif  // BATON_TOOLS_CLI_COMMAND_FLAGS_H_
