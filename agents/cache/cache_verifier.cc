#include "agents/cache/cache_verifier.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <set>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "agents/cache/node_tools.h"
#include "agents/cache/redis_server.h"
#include "agents/cache/ts_cache_module.h"
#include "agents/cache/ts_project.h"
#include "executor/subprocess.h"
#include "re2/re2.h"

namespace baton::agents::cache {
namespace {

namespace fs = std::filesystem;

constexpr char kHarness[] = "baton_cache_harness.ts";

absl::Status Write(const fs::path& path, const std::string& text) {
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path.string()));
  return absl::OkStatus();
}

std::string ReadTail(const std::string& path, size_t max) {
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.size() > max) text = "…" + text.substr(text.size() - max);
  return std::string(absl::StripAsciiWhitespace(text));
}

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

// The minimal JSON unescape the harness's details need.
std::string Unescape(absl::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      const char next = text[++i];
      out.push_back(next == 'n' ? '\n' : next == 't' ? '\t' : next);
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::string RandomTag() {
  absl::BitGen random;
  return absl::StrFormat("%08x", absl::Uniform<uint32_t>(random));
}

struct Ran {
  executor::SubprocessResult result;
  std::string description;
  std::string stderr_tail;
};

absl::StatusOr<Ran> RunNode(const CacheVerifyOptions& options, const std::string& node,
                            const std::vector<std::string>& args, const std::string& dir,
                            std::vector<std::string> extra_env, const std::string& log) {
  executor::SubprocessOptions run;
  run.argv = {node};
  run.argv.insert(run.argv.end(), args.begin(), args.end());
  run.working_dir = dir;
  run.env = {absl::StrCat("PATH=", options.path_env), absl::StrCat("HOME=", options.scratch_dir),
             absl::StrCat("TMPDIR=", options.scratch_dir), "LANG=C.UTF-8"};
  run.env.insert(run.env.end(), extra_env.begin(), extra_env.end());
  run.stderr_path = log;
  run.timeout = options.timeout;
  absl::StatusOr<executor::SubprocessResult> result = executor::RunSubprocess(run);
  if (!result.ok()) return result.status();
  Ran ran{*std::move(result), "", ""};
  ran.description = executor::DescribeEnding(ran.result, run);
  ran.stderr_tail = ReadTail(log, 1500);
  return ran;
}

}  // namespace

std::vector<PropertyCheck> CacheVerification::Failed() const {
  std::vector<PropertyCheck> failed;
  for (const PropertyCheck& check : checks) {
    if (!check.ok) failed.push_back(check);
  }
  return failed;
}

std::string CacheVerification::Summary() const {
  std::vector<std::string> names;
  for (const PropertyCheck& check : checks) names.push_back(check.property);
  const std::vector<PropertyCheck> failed = Failed();
  if (failed.empty()) {
    return absl::StrCat(checks.size(), "/", checks.size(), " cache properties hold on ", redis,
                        ": ", absl::StrJoin(names, ", "));
  }
  std::vector<std::string> reasons;
  for (const PropertyCheck& check : failed) {
    reasons.push_back(absl::StrCat(check.property, " (", check.detail, ")"));
  }
  return absl::StrCat(failed.size(), " of ", checks.size(), " cache properties fail on ", redis,
                      ": ", absl::StrJoin(reasons, "; "));
}

absl::StatusOr<CacheVerification> VerifyCacheModule(const CacheVerifyOptions& options) {
  const CacheDesign& design = options.design;
  NodeToolsQuery query;
  query.repo = options.repo;
  query.baton_node_modules = options.baton_node_modules;
  query.node = options.node;
  query.path_env = options.path_env;
  absl::StatusOr<NodeTools> tools = FindNodeTools(query);
  if (!tools.ok()) return tools.status();
  std::error_code error;
  if (!fs::exists(fs::path(options.repo) / design.cache_module, error)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the cache module ", design.cache_module,
        " is not in the workspace; in the Cache Implementation workflow "
        "infrastructure-specialist writes it first"));
  }
  absl::StatusOr<Stack> stack = DetectStack(options.repo);
  if (!stack.ok()) return stack.status();

  CacheVerification report;
  report.node_modules = absl::StrCat(tools->node_modules, " (", tools->origin, ")");

  // A build folder: the repository's sources, the harness, node_modules.
  const fs::path build = fs::path(options.scratch_dir) / "cache-check";
  fs::remove_all(build, error);
  fs::create_directories(build, error);
  std::vector<std::string> files;
  for (const std::string& file : stack->ts_files) {
    fs::create_directories((build / file).parent_path(), error);
    fs::copy_file(fs::path(options.repo) / file, build / file,
                  fs::copy_options::overwrite_existing, error);
    if (error) {
      return absl::InternalError(absl::StrCat("cannot copy ", file, ": ", error.message()));
    }
    files.push_back(JsonString(file));
  }
  fs::create_directory_symlink(tools->node_modules, build / "node_modules", error);
  if (error) {
    return absl::InternalError(absl::StrCat("cannot link node_modules: ", error.message()));
  }
  std::string module_import = absl::StrCat("./", design.cache_module);
  if (absl::EndsWith(module_import, ".ts")) module_import.resize(module_import.size() - 3);
  absl::Status written = Write(build / kHarness, RenderTsHarness(design, module_import));
  if (!written.ok()) return written;
  files.push_back(JsonString(kHarness));
  written = Write(build / "tsconfig.baton.json",
                  absl::StrCat(R"({
  "compilerOptions": {
    "target": "ES2020", "module": "commonjs", "strict": true, "esModuleInterop": true,
    "skipLibCheck": true, "types": ["node"], "rootDir": ".", "outDir": "out"
  },
  "files": [)",
                               absl::StrJoin(files, ", "), "]\n}\n"));
  if (!written.ok()) return written;
  report.compiled_files = static_cast<int>(files.size());

  absl::StatusOr<Ran> compiled =
      RunNode(options, tools->node, {tools->tsc, "-p", "tsconfig.baton.json", "--pretty", "false"},
              build.string(), {}, (build / "tsc.log").string());
  if (!compiled.ok()) return compiled.status();
  const bool compiles = compiled->result.exit_code == 0 && compiled->result.term_signal == 0 &&
                        !compiled->result.timed_out;
  std::string tsc_output(absl::StripAsciiWhitespace(compiled->result.stdout_bytes));
  if (tsc_output.size() > 1500) tsc_output = tsc_output.substr(0, 1500) + "…";
  report.checks.push_back(
      {"compiles", compiles,
       compiles ? absl::StrCat("tsc --strict compiled ", files.size(), " files")
                : absl::StrCat("tsc --strict failed (", compiled->description, "): ",
                               tsc_output.empty() ? compiled->stderr_tail : tsc_output)});
  if (!compiles) {
    report.redis = "(not reached: the module does not compile)";
    return report;
  }

  // Redis: the URL given, else a throwaway server.
  std::unique_ptr<ThrowawayRedis> throwaway;
  std::string url = options.redis_url;
  if (!url.empty()) {
    absl::Status ping = PingRedis(url);
    if (!ping.ok()) {
      return absl::UnavailableError(absl::StrCat(
          ping.message(), " (BATON_REDIS_URL); start it, or unset BATON_REDIS_URL to let Baton "
                          "start a throwaway redis-server"));
    }
    report.redis = RedactRedisUrl(url);
  } else {
    const std::string server = FindOnPath("redis-server", options.path_env + ":/usr/sbin:/usr/bin");
    if (server.empty()) {
      return absl::FailedPreconditionError(
          "no Redis to verify the cache against: BATON_REDIS_URL is not set and redis-server is "
          "not installed; install it (apt-get install redis-server) or set "
          "BATON_REDIS_URL=redis://host:port");
    }
    const fs::path dir = fs::path(options.scratch_dir) / "redis";
    fs::create_directories(dir, error);
    absl::StatusOr<std::unique_ptr<ThrowawayRedis>> started = ThrowawayRedis::Start(server, dir.string());
    if (!started.ok()) return started.status();
    throwaway = *std::move(started);
    url = throwaway->url();
    report.redis = absl::StrCat(url, " (throwaway redis-server)");
  }

  absl::StatusOr<Ran> ran = RunNode(
      options, tools->node, {(build / "out" / "baton_cache_harness.js").string()}, build.string(),
      {absl::StrCat("REDIS_URL=", url),
       absl::StrCat("BATON_KEY_PREFIX=baton-qa-", RandomTag(), ":"),
       absl::StrCat("BATON_CACHE_TTL=", design.ttl_seconds)},
      (build / "harness.log").string());
  if (!ran.ok()) return ran.status();
  static const RE2 kLine(R"re(\{"property":"([^"]+)","ok":(true|false),"detail":"((?:[^"\\]|\\.)*)"\})re");
  std::set<std::string> reported;
  for (absl::string_view line : absl::StrSplit(ran->result.stdout_bytes, '\n')) {
    std::string property, ok, detail;
    if (!RE2::FullMatch(re2::StringPiece(line.data(), line.size()), kLine, &property, &ok, &detail)) continue;
    reported.insert(property);
    report.checks.push_back({property, ok == "true", Unescape(detail)});
  }
  std::vector<std::string> expected = {kMissFills, kHitSkipsDb};
  if (!design.updates.empty()) expected.push_back(kUpdateInvalidates);
  if (!design.deletes.empty()) expected.push_back(kDeleteInvalidates);
  expected.push_back(kTtlExpires);
  for (const std::string& property : expected) {
    if (reported.count(property) > 0) continue;
    report.checks.push_back(
        {property, false,
         absl::StrCat("not reported: the harness stopped (", ran->description, ")",
                      ran->stderr_tail.empty() ? "" : absl::StrCat(": ", ran->stderr_tail))});
  }
  return report;
}

}  // namespace baton::agents::cache
