#include "executor/registry_file.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "executor/agent_registry.pb.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "re2/re2.h"

namespace baton::executor {
namespace {

namespace fs = std::filesystem;
using google::protobuf::FieldDescriptor;
using google::protobuf::TextFormat;

class Collector : public google::protobuf::io::ErrorCollector {
 public:
  Collector(const std::string& file, std::vector<std::string>* problems)
      : file_(file), problems_(problems) {}

  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    problems_->push_back(absl::StrCat(file_, ":", line + 1, ":", column + 1, ": ", message));
  }

  // Unknown keys arrive as warnings (the parser skips them and goes on, so
  // that every one is reported); they are problems all the same.
  void AddWarning(int line, google::protobuf::io::ColumnNumber column,
                  const std::string& message) override {
    AddError(line, column, message);
  }

 private:
  const std::string& file_;
  std::vector<std::string>* problems_;
};

bool IsExecutableFile(const fs::path& path) {
  std::error_code error;
  return fs::is_regular_file(path, error) && ::access(path.c_str(), X_OK) == 0;
}

// command[0] as an absolute path, or a problem (without location).
absl::StatusOr<std::string> ResolveCommand(const std::string& command,
                                           const fs::path& folder,
                                           const std::string& search_path) {
  if (command.empty()) return absl::InvalidArgumentError("command[0] is empty");
  std::error_code error;
  if (absl::StrContains(command, '/')) {
    fs::path path = fs::path(command).is_absolute() ? fs::path(command) : folder / command;
    path = path.lexically_normal();
    if (!fs::exists(path, error)) {
      return absl::NotFoundError(absl::StrCat(
          "command \"", command, "\" does not exist",
          fs::path(command).is_absolute()
              ? ""
              : absl::StrCat(" (relative paths start at the registry's folder: ",
                             path.string(), ")")));
    }
    if (!IsExecutableFile(path)) {
      return absl::PermissionDeniedError(absl::StrCat(
          "command \"", command, "\" (", path.string(),
          ") is not an executable file (chmod +x it)"));
    }
    return path.string();
  }
  for (absl::string_view dir : absl::StrSplit(search_path, ':', absl::SkipEmpty())) {
    fs::path candidate = fs::path(std::string(dir)) / command;
    if (IsExecutableFile(candidate)) return fs::absolute(candidate).lexically_normal().string();
  }
  return absl::NotFoundError(absl::StrCat("command \"", command,
                                          "\" is not on PATH (", search_path, ")"));
}

std::string KnownPlaceholders() {
  std::vector<std::string> names;
  for (const char* placeholder : kCommandPlaceholders) names.push_back(placeholder);
  return absl::StrJoin(names, " ");
}

// Reads one entry into *spec, or adds problems.
class EntryReader {
 public:
  EntryReader(const std::string& file, const fs::path& folder, const std::string& search_path,
              const AgentRegistry& builtins, std::vector<std::string>* problems)
      : file_(file), folder_(folder), search_path_(search_path), builtins_(builtins),
        problems_(problems) {}

  // `tree` holds the entry's field locations; `line`/`column` (1-based) are
  // where the entry starts.
  bool Read(const AgentEntry& entry, const TextFormat::ParseInfoTree* tree, int line,
            int column, AgentSpec* spec) {
    tree_ = tree;
    line_ = line;
    column_ = column;
    ok_ = true;
    const std::string name = entry.name();
    static const RE2 kName("[A-Za-z0-9][A-Za-z0-9._-]*");
    if (name.empty()) {
      Problem("name", -1, "agent entry has no name");
      return false;
    }
    if (!RE2::FullMatch(name, kName)) {
      Problem("name", -1, absl::StrCat("agent name \"", name,
                                       "\" may hold only letters, digits, '.', '_' and '-'"));
    }
    const std::string who = absl::StrCat("agent \"", name, "\"");

    AgentProtocol protocol = AgentProtocol::kProto;
    if (entry.protocol() == "json") {
      protocol = AgentProtocol::kJson;
    } else if (entry.protocol() == "prompt") {
      protocol = AgentProtocol::kPrompt;
    } else if (!entry.protocol().empty() && entry.protocol() != "proto") {
      Problem("protocol", -1, absl::StrCat(who, ": unknown protocol \"", entry.protocol(),
                                           "\" (use proto, json or prompt)"));
    }

    if (entry.builtin() && entry.command_size() > 0) {
      Problem("builtin", -1,
              absl::StrCat(who, ": give either `builtin: true` or a `command`, not both"));
    } else if (entry.builtin()) {
      absl::StatusOr<const AgentSpec*> builtin = builtins_.Find(name);
      if (!builtin.ok()) {
        Problem("builtin", -1, absl::StrCat(who, " is not a built-in agent (built-ins: ",
                                            absl::StrJoin(builtins_.Names(), ", "), ")"));
      } else {
        *spec = **builtin;
      }
      if (protocol != AgentProtocol::kProto) {
        Problem("protocol", -1,
                absl::StrCat(who, ": built-in agents speak protocol \"proto\" only"));
      }
    } else if (entry.command_size() == 0) {
      Problem("", -1, absl::StrCat(who, " needs a `command` (an argv list) or `builtin: true`"));
    } else {
      spec->builtin = false;
      absl::StatusOr<std::string> program =
          ResolveCommand(entry.command(0), folder_, search_path_);
      if (!program.ok()) {
        Problem("command", 0, absl::StrCat(who, ": ", program.status().message()));
      } else {
        spec->argv = {*program};
      }
      for (int i = 1; i < entry.command_size(); ++i) {
        CheckPlaceholders(who, entry.command(i), i, protocol);
        spec->argv.push_back(entry.command(i));
      }
    }
    spec->name = name;
    spec->protocol = protocol;

    if (entry.timeout_seconds() < 0) {
      Problem("timeout_seconds", -1, absl::StrCat(who, ": timeout_seconds must be positive"));
    } else if (entry.timeout_seconds() > 0) {
      spec->timeout = absl::Seconds(entry.timeout_seconds());
    }
    if (entry.max_attempts() < 0) {
      Problem("max_attempts", -1, absl::StrCat(who, ": max_attempts must be 1 or more"));
    } else if (entry.max_attempts() > 0) {
      spec->max_attempts = entry.max_attempts();
    }
    static const RE2 kVariable("[A-Za-z_][A-Za-z0-9_]*");
    for (int i = 0; i < entry.env_allowlist_size(); ++i) {
      if (!RE2::FullMatch(entry.env_allowlist(i), kVariable)) {
        Problem("env_allowlist", i,
                absl::StrCat(who, ": \"", entry.env_allowlist(i),
                             "\" is not an environment variable name"));
      }
      spec->env_allowlist.push_back(entry.env_allowlist(i));
    }
    if (entry.has_may_write_files()) spec->may_write_files = entry.may_write_files();
    spec->description = entry.description();
    spec->source = absl::StrCat(file_, ":", line_);
    return ok_;
  }

 private:
  void CheckPlaceholders(const std::string& who, const std::string& argument, int index,
                         AgentProtocol protocol) {
    static const RE2 kPlaceholder(R"((\{[A-Za-z_]+\}))");
    re2::StringPiece input(argument.data(), argument.size());
    std::string placeholder;
    while (RE2::FindAndConsume(&input, kPlaceholder, &placeholder)) {
      bool known = false;
      for (const char* candidate : kCommandPlaceholders) known |= placeholder == candidate;
      if (!known) {
        Problem("command", index,
                absl::StrCat(who, ": unknown placeholder ", placeholder,
                             " in command (known: ", KnownPlaceholders(), ")"));
      } else if ((placeholder == "{prompt}" || placeholder == "{prompt_text}") &&
                 protocol != AgentProtocol::kPrompt) {
        Problem("command", index,
                absl::StrCat(who, ": ", placeholder, " needs protocol: \"prompt\""));
      }
    }
  }

  // Records a problem at the field's location (the entry's when the field
  // was not written).
  void Problem(const std::string& field_name, int index, const std::string& message) {
    ok_ = false;
    int line = line_;
    int column = column_;
    const FieldDescriptor* field =
        field_name.empty() ? nullptr : AgentEntry::descriptor()->FindFieldByName(field_name);
    if (field != nullptr && tree_ != nullptr) {
      TextFormat::ParseLocation location =
          tree_->GetLocation(field, field->is_repeated() ? index : -1);
      // The list syntax `command: [a, b]` records where the list starts only.
      if (location.line < 0 && field->is_repeated()) location = tree_->GetLocation(field, 0);
      if (location.line >= 0) {
        line = location.line + 1;
        column = location.column + 1;
      }
    }
    problems_->push_back(absl::StrCat(file_, ":", line, ":", column, ": ", message));
  }

  const std::string& file_;
  const fs::path folder_;
  const std::string& search_path_;
  const AgentRegistry& builtins_;
  std::vector<std::string>* problems_;
  const TextFormat::ParseInfoTree* tree_ = nullptr;
  int line_ = 0;
  int column_ = 0;
  bool ok_ = true;
};

}  // namespace

LoadedRegistry ReadAgentRegistry(const RegistryOptions& options) {
  LoadedRegistry loaded;
  loaded.registry = BuiltinAgentRegistry(options.builtin_root);
  if (options.file.empty()) return loaded;
  const std::string& file = options.file;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    loaded.problems.push_back(absl::StrCat(file, ":1:1: cannot read the agent registry"));
    return loaded;
  }
  std::ostringstream text;
  text << in.rdbuf();

  AgentRegistryFile parsed;
  TextFormat::Parser parser;
  Collector collector(file, &loaded.problems);
  parser.RecordErrorsTo(&collector);
  parser.AllowUnknownField(true);
  TextFormat::ParseInfoTree tree;
  parser.WriteLocationsTo(&tree);
  if (!parser.ParseFromString(text.str(), &parsed)) {
    if (loaded.problems.empty()) {
      loaded.problems.push_back(absl::StrCat(file, ":1:1: not a valid agent registry"));
    }
    return loaded;
  }

  std::string search_path = options.search_path;
  if (search_path.empty()) {
    const char* path = std::getenv("PATH");
    search_path = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  }
  std::error_code error;
  const fs::path folder = fs::absolute(file, error).parent_path();
  const AgentRegistry builtins = BuiltinAgentRegistry(options.builtin_root);
  const FieldDescriptor* agent_field = AgentRegistryFile::descriptor()->FindFieldByName("agent");
  EntryReader reader(file, folder, search_path, builtins, &loaded.problems);
  std::map<std::string, std::string> first_seen;  // name -> file:line
  for (int i = 0; i < parsed.agent_size(); ++i) {
    TextFormat::ParseLocation start = tree.GetLocation(agent_field, i);
    const int line = start.line + 1;
    const int column = start.column + 1;
    AgentSpec spec;
    bool ok = reader.Read(parsed.agent(i), tree.GetTreeForNested(agent_field, i), line, column,
                          &spec);
    const std::string& name = parsed.agent(i).name();
    if (name.empty()) continue;
    auto [seen, inserted] = first_seen.emplace(name, absl::StrCat(file, ":", line));
    if (!inserted) {
      loaded.problems.push_back(absl::StrCat(file, ":", line, ":", column, ": agent \"", name,
                                             "\" is defined twice (first at ", seen->second,
                                             ")"));
      continue;
    }
    if (ok) loaded.registry.Add(std::move(spec));
  }
  return loaded;
}

absl::StatusOr<std::string> FindRegistryFile(const std::string& repo,
                                             const std::string& override_file) {
  std::error_code error;
  if (!override_file.empty()) {
    if (!fs::exists(override_file, error)) {
      return absl::NotFoundError(
          absl::StrCat("agent registry ", override_file, " (--agents) does not exist"));
    }
    return override_file;
  }
  fs::path candidate = fs::path(repo) / kRegistryFileName;
  return fs::exists(candidate, error) ? candidate.string() : "";
}

absl::StatusOr<AgentRegistry> LoadAgentRegistry(const std::string& builtin_root,
                                                const std::string& repo,
                                                const std::string& override_file) {
  absl::StatusOr<std::string> file = FindRegistryFile(repo, override_file);
  if (!file.ok()) return file.status();
  RegistryOptions options;
  options.builtin_root = builtin_root;
  options.file = *file;
  LoadedRegistry loaded = ReadAgentRegistry(options);
  if (!loaded.problems.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "agent registry ", *file, " has ", loaded.problems.size(),
        loaded.problems.size() == 1 ? " problem" : " problems",
        " (baton agents check lists them):\n  ", absl::StrJoin(loaded.problems, "\n  ")));
  }
  return std::move(loaded.registry);
}

}  // namespace baton::executor
