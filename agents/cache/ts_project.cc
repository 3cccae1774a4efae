#include "agents/cache/ts_project.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "re2/re2.h"

namespace baton::agents::cache {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxFiles = 5000;

bool Exists(const std::string& repo, const char* name) {
  std::error_code error;
  return fs::exists(fs::path(repo) / name, error);
}

bool SkippedFolder(const std::string& name) {
  return name == "node_modules" || name == "dist" || name == "build" || name == ".git" ||
         name == ".baton" || name == "coverage";
}

std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// "User | null" from "Promise<User | null>" with nested generics.
std::string PromiseInner(absl::string_view type) {
  type = absl::StripAsciiWhitespace(type);
  if (!absl::ConsumePrefix(&type, "Promise<")) return std::string(type);
  int depth = 1;
  for (size_t i = 0; i < type.size(); ++i) {
    if (type[i] == '<') ++depth;
    if (type[i] == '>' && --depth == 0) {
      return std::string(absl::StripAsciiWhitespace(type.substr(0, i)));
    }
  }
  return std::string(type);
}

std::string FirstParamType(absl::string_view params) {
  const size_t colon = params.find(':');
  if (colon == absl::string_view::npos) return "";
  absl::string_view rest = params.substr(colon + 1);
  int depth = 0;
  size_t end = 0;
  for (; end < rest.size(); ++end) {
    const char c = rest[end];
    if (c == '<' || c == '(' || c == '{' || c == '[') ++depth;
    if (c == '>' || c == ')' || c == '}' || c == ']') --depth;
    if ((c == ',' || c == '=') && depth == 0) break;
  }
  return std::string(absl::StripAsciiWhitespace(rest.substr(0, end)));
}

int LineOf(absl::string_view source, size_t offset) {
  return 1 + static_cast<int>(std::count(source.begin(), source.begin() + offset, '\n'));
}

enum class Role { kNone, kRead, kUpdate, kDelete };

Role RoleFor(const std::string& function, const std::string& entity) {
  const std::string name = absl::AsciiStrToLower(function);
  const std::string plural = absl::StrCat(entity, "s");
  for (const std::string& noun : {entity, plural}) {
    for (const char* verb : {"get", "find", "fetch", "load"}) {
      if (name == absl::StrCat(verb, noun) || name == absl::StrCat(verb, noun, "byid")) {
        return Role::kRead;
      }
    }
    for (const char* verb : {"update", "save", "patch"}) {
      if (name == absl::StrCat(verb, noun)) return Role::kUpdate;
    }
    for (const char* verb : {"delete", "remove"}) {
      if (name == absl::StrCat(verb, noun)) return Role::kDelete;
    }
  }
  return Role::kNone;
}

}  // namespace

absl::StatusOr<Stack> DetectStack(const std::string& repo) {
  Stack stack;
  std::error_code error;
  fs::recursive_directory_iterator it(repo, fs::directory_options::skip_permission_denied, error);
  if (error) {
    return absl::InternalError(absl::StrCat("cannot read repository ", repo, ": ", error.message()));
  }
  int seen = 0;
  for (; it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (error || ++seen > kMaxFiles) break;
    const std::string name = it->path().filename().string();
    if (it->is_directory(error)) {
      if (SkippedFolder(name)) it.disable_recursion_pending();
      continue;
    }
    if (absl::EndsWith(name, ".ts") && !absl::EndsWith(name, ".d.ts")) {
      stack.ts_files.push_back(it->path().lexically_relative(repo).generic_string());
    }
  }
  std::sort(stack.ts_files.begin(), stack.ts_files.end());
  const bool package_json = Exists(repo, "package.json");
  const bool tsconfig = Exists(repo, "tsconfig.json");
  std::vector<std::string> evidence;
  if (package_json) evidence.push_back("package.json");
  if (tsconfig) evidence.push_back("tsconfig.json");
  if (!stack.ts_files.empty()) evidence.push_back(absl::StrCat(stack.ts_files.size(), " .ts files"));
  if (package_json && (tsconfig || !stack.ts_files.empty())) {
    stack.language = "TypeScript";
  } else if (package_json) {
    stack.language = "JavaScript";
  } else if (Exists(repo, "pyproject.toml") || Exists(repo, "requirements.txt")) {
    stack.language = "Python";
    evidence.push_back("pyproject.toml/requirements.txt");
  } else if (Exists(repo, "go.mod")) {
    stack.language = "Go";
    evidence.push_back("go.mod");
  } else if (Exists(repo, "pom.xml") || Exists(repo, "build.gradle")) {
    stack.language = "Java";
    evidence.push_back("pom.xml/build.gradle");
  }
  stack.evidence = evidence.empty() ? "no package.json, tsconfig.json or sources"
                                    : absl::StrJoin(evidence, ", ");
  return stack;
}

std::vector<TsFunction> ExportedAsyncFunctions(absl::string_view source) {
  static const RE2 kDeclaration(
      R"((export\s+(?:async\s+function\s+(\w+)|const\s+(\w+)\s*=\s*async)\s*\(([^)]*)\)\s*:\s*(Promise<[^{=]*?>)\s*(?:\{|=>)))");
  std::vector<TsFunction> functions;
  re2::StringPiece rest(source.data(), source.size());
  re2::StringPiece match;
  std::string declared, constant, params, returns;
  while (RE2::PartialMatch(rest, kDeclaration, &match, &declared, &constant, &params, &returns)) {
    const size_t offset = static_cast<size_t>(match.data() - source.data());
    TsFunction function;
    function.name = declared.empty() ? constant : declared;
    function.params = std::string(absl::StripAsciiWhitespace(params));
    function.first_type = FirstParamType(params);
    function.returns = PromiseInner(returns);
    function.line = LineOf(source, offset);
    functions.push_back(std::move(function));
    rest = re2::StringPiece(source.data() + offset + match.size(),
                            source.size() - offset - match.size());
  }
  return functions;
}

absl::StatusOr<DataAccess> FindDataAccess(const std::string& repo, const Stack& stack,
                                          const std::vector<std::string>& entities) {
  if (stack.language != "TypeScript") {
    return absl::FailedPreconditionError(absl::StrCat(
        "the repository is ",
        stack.language.empty() ? "in no language Baton recognizes" : stack.language, " (",
        stack.evidence,
        "); the cache generator writes TypeScript with ioredis only: add package.json and "
        "tsconfig.json with the data-access code in .ts files"));
  }
  std::vector<std::pair<std::string, std::vector<TsFunction>>> modules;
  for (const std::string& file : stack.ts_files) {
    if (absl::EndsWith(file, ".cache.ts") || absl::EndsWith(file, ".test.ts") ||
        absl::EndsWith(file, ".spec.ts")) {
      continue;
    }
    modules.emplace_back(file, ExportedAsyncFunctions(ReadText(fs::path(repo) / file)));
  }
  std::vector<std::string> looked_for;
  for (const std::string& entity : entities) {
    for (const auto& [file, functions] : modules) {
      std::vector<TsFunction> reads;
      DataAccess access;
      for (const TsFunction& function : functions) {
        switch (RoleFor(function.name, entity)) {
          case Role::kRead: reads.push_back(function); break;
          case Role::kUpdate: access.updates.push_back(function); break;
          case Role::kDelete: access.deletes.push_back(function); break;
          case Role::kNone: break;
        }
      }
      if (reads.empty()) continue;
      // A lookup by id ("getUserById") over a list read ("getUsers").
      auto by_id = std::find_if(reads.begin(), reads.end(), [](const TsFunction& f) {
        return absl::EndsWith(absl::AsciiStrToLower(f.name), "byid");
      });
      access.read = by_id != reads.end() ? *by_id : reads.front();
      access.entity = entity;
      access.module = file;
      return access;
    }
    std::string upper = entity;
    if (!upper.empty()) upper[0] = absl::ascii_toupper(upper[0]);
    looked_for.push_back(absl::StrCat("get", upper, "ById/get", upper, "/find", upper));
  }
  return absl::NotFoundError(absl::StrCat(
      "found no data-access function for ",
      entities.empty() ? "the request (it names no entity)" : absl::StrJoin(entities, " or "),
      " in ", modules.size(), " TypeScript file(s)",
      modules.empty() ? "" : absl::StrCat(" (", absl::StrJoin(stack.ts_files, ", "), ")"),
      looked_for.empty() ? "" : absl::StrCat("; looked for exported async ",
                                             absl::StrJoin(looked_for, ", "),
                                             " returning a Promise"),
      ". Name the entity in the request (\"Add Redis caching for user queries\") or export "
      "its repository functions"));
}

}  // namespace baton::agents::cache
