#include "tools/cli/command_flags.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace baton::cli {

void CommandFlags::String(const std::string& name, std::string* out) {
  flags_[name] = {Kind::kString, out};
}
void CommandFlags::Int(const std::string& name, int* out) { flags_[name] = {Kind::kInt, out}; }
void CommandFlags::Bool(const std::string& name, bool* out) { flags_[name] = {Kind::kBool, out}; }
void CommandFlags::Repeated(const std::string& name, std::vector<std::string>* out) {
  flags_[name] = {Kind::kRepeated, out};
}

std::string CommandFlags::Parse(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (!absl::StartsWith(arg, "--")) {
      positional_.push_back(arg);
      continue;
    }
    std::string value;
    bool inline_value = false;
    if (size_t eq = arg.find('='); eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      inline_value = true;
    }
    auto it = flags_.find(arg);
    if (it == flags_.end()) return absl::StrCat("unknown flag ", arg);
    if (it->second.kind == Kind::kBool) {
      if (inline_value) return absl::StrCat(arg, " takes no value");
      *static_cast<bool*>(it->second.out) = true;
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= args.size()) return absl::StrCat(arg, " needs a value");
      value = args[++i];
    }
    switch (it->second.kind) {
      case Kind::kString:
        *static_cast<std::string*>(it->second.out) = value;
        break;
      case Kind::kRepeated:
        static_cast<std::vector<std::string>*>(it->second.out)->push_back(value);
        break;
      case Kind::kInt:
        if (!absl::SimpleAtoi(value, static_cast<int*>(it->second.out))) {
          return absl::StrCat(arg, " needs a number, got \"", value, "\"");
        }
        break;
      case Kind::kBool:
        break;
    }
  }
  return "";
}

}  // namespace baton::cli
