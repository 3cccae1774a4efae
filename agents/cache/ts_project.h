// What a repository is written in, and where its data access for an entity
// lives: the Cache Implementation workflow's view of the code it wraps.
//
// DetectStack: package.json with tsconfig.json or .ts sources is TypeScript
// (the only stack the cache generator writes for today); package.json alone
// is JavaScript; pyproject.toml/requirements.txt Python, go.mod Go, pom.xml or
// build.gradle Java.
// FindDataAccess scans the TypeScript sources (not node_modules, dist, .baton,
// *.d.ts) for exported functions such as
//   export async function getUserById(id: string): Promise<User | null>
// and classifies them for an entity: reads get/find/fetch/load<Entity>[ById],
// writes update/save/patch<Entity> and delete/remove<Entity>.
// Stateless; thread-safe.
#ifndef BATON_AGENTS_CACHE_TS_PROJECT_H_
#define BATON_AGENTS_CACHE_TS_PROJECT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baton::agents::cache {

struct Stack {
  std::string language;  // "TypeScript", "JavaScript", "Python", ... or "".
  std::string evidence;  // "package.json, tsconfig.json, 3 .ts files".
  std::vector<std::string> ts_files;  // Repo-relative, sorted.
};

// Never fails for an unknown stack (language is then ""); Internal when the
// folder cannot be read.
absl::StatusOr<Stack> DetectStack(const std::string& repo);

struct TsFunction {
  std::string name;        // getUserById
  std::string params;      // "id: string, changes: UserChanges"
  std::string first_type;  // Type of the first parameter: "string".
  std::string returns;     // Inside Promise<...>: "User | null".
  int line = 0;
};

struct DataAccess {
  std::string entity;  // "user", as the request named it (singular).
  std::string module;  // Repo-relative: src/users/repository.ts.
  TsFunction read;
  std::vector<TsFunction> updates;
  std::vector<TsFunction> deletes;
};

// Exported async functions (declarations and `export const f = async (...)`)
// of one TypeScript source text.
std::vector<TsFunction> ExportedAsyncFunctions(absl::string_view source);

// The module holding a read function for the first of `entities` (singular
// nouns, in the request's order) that has one, with that module's write
// functions. NotFound naming the entities, the functions looked for and the
// files scanned when none has; FailedPrecondition when the stack is not
// TypeScript.
absl::StatusOr<DataAccess> FindDataAccess(const std::string& repo, const Stack& stack,
                                          const std::vector<std::string>& entities);

}  // namespace baton::agents::cache

#endif  // BATON_AGENTS_CACHE_TS_PROJECT_H_
