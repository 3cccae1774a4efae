// The fault campaign: runs Baton's data workflows with the real `baton`
// binary and real agents, injects one fault per trial, recovers the way a
// user would (baton resume, or starting the request again where the fault
// destroyed the run on purpose), and checks the invariants against a
// fault-free reference run of the same workflow:
//   - the run's branch holds exactly one commit more than its base, with the
//     Baton-Run trailer, and its tree is the reference's, byte for byte;
//   - the worktree has the same uncommitted files as the reference's;
//   - the journal parses line by line, ends with RUN_FINISHED, and every
//     COMMIT_MADE names that one commit;
//   - Data Migration's PostgreSQL target holds the reference's rows (counts
//     and a digest of every row), not fewer and no copy twice.
// Fault kinds (see kKinds): SIGKILL of baton at a random instant, SIGKILL of
// the running agent, a corrupted or truncated newest checkpoint, a full
// state directory (a small tmpfs), a read-only .git (a read-only bind
// mount), the run directory deleted mid-run, and a foreign commit on the
// run's branch mid-run. The mounts need CAP_SYS_ADMIN: run it as root or
// under `unshare --user --map-root-user --mount` (testing/chaos/chaos_test.sh).
//
//   chaos_campaign --baton PATH --fixtures DIR --root DIR [--faults N]
//                  [--seed S] [--kinds a,b] [--postgres URL]
//                  [--redis URL --node-modules DIR] [--mariadb URL]
//                  [--drop-leaked true]
// (--fixtures: testing/fixtures, holding data_repo and ts_repo.)
// Prints one line per trial and the totals; exit 0 when no data was lost
// and every invariant held, 1 otherwise, 2 on bad usage.
#include <signal.h>
#include <spawn.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "executor/run_state.pb.h"
#include "google/protobuf/util/json_util.h"
#include "agents/migration/mysql_source.h"
#include "testing/mariadb/shop_seed.h"
#include "testing/postgres/test_database.h"
#include "tools/cli/demo_repository.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;

struct Workflow {
  std::string name;
  std::string request;
  bool postgres = false;  // Needs --staging postgres://.
  bool redis = false;     // Needs Redis and the node packages.
  std::string fixture = "data_repo";  // Under --fixtures.
  // Copies a MariaDB source (--mariadb) into a PostgreSQL database of its
  // own per repository (--staging), whose rows are checked too.
  bool mariadb = false;
};

// Every data workflow whose chain the built-in agents carry out. Query
// Optimization leaves its work uncommitted by design and is checked the
// same way (zero commits, identical uncommitted files).
const std::vector<Workflow>& AllWorkflows() {
  static const auto* workflows = new std::vector<Workflow>{
      {"Database Migration", "Add phone_number column to users table"},
      {"Database Schema Design", "Design database schema for customers and invoices"},
      {"ETL Pipeline Development", "Build daily data sync from MongoDB to Redshift"},
      {"Query Optimization", "Query on users table is slow"},
      {"Backup & Recovery", "Set up automated backups", /*postgres=*/true},
      {"Cache Implementation", "Add Redis caching for user queries", false, /*redis=*/true,
       "ts_repo"},
      {"Data Migration", "Migrate from MySQL to PostgreSQL", /*postgres=*/true, false, "data_repo",
       /*mariadb=*/true},
  };
  return *workflows;
}

const std::vector<std::string> kKinds = {"kill-baton",     "kill-agent", "corrupt-checkpoint",
                                         "full-disk",      "read-only-repo",
                                         "deleted-run-dir", "head-moved"};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The state letter of /proc/PID/stat ('R', 'S', 'T', 'Z', ...), or 0 when
// the process is gone. The command name may hold spaces and parentheses, so
// the state is read after the last ')'.
char ProcessState(pid_t pid) {
  std::string stat = Slurp(absl::StrCat("/proc/", pid, "/stat"));
  size_t close = stat.rfind(')');
  if (close == std::string::npos || close + 2 >= stat.size()) return 0;
  return stat[close + 2];
}

// SIGKILLs `pid` only if it is still alive: it is stopped first and killed
// once /proc shows it stopped. A process that exits on its own in between
// (a zombie waiting for baton's waitpid) is left alone, so a "kill" never
// lands on a process that had already finished its work.
bool KillLiveProcess(pid_t pid) {
  if (::kill(pid, SIGSTOP) != 0) return false;
  for (int i = 0; i < 200; ++i) {
    char state = ProcessState(pid);
    if (state == 'T' || state == 't') return ::kill(pid, SIGKILL) == 0;
    if (state == 0 || state == 'Z' || state == 'X') return false;
    absl::SleepFor(absl::Microseconds(250));
  }
  return false;
}

struct Reference {
  std::string tree;    // Tree id of the run's last commit.
  std::string target;  // Data Migration: what the PostgreSQL target holds.
  int new_commits = 0;  // Commits the run adds to its branch.
  std::string status;  // `git status --porcelain` of the worktree.
  absl::Duration duration;
};

struct Totals {
  int trials = 0;
  int injected = 0;
  int resumed = 0;
  int restarted = 0;
  int data_lost = 0;
  int violations = 0;
  // Throwaway staging databases a killed agent could not drop.
  int leaked_databases = 0;
  std::map<std::string, int> by_kind;
};

class Campaign {
 public:
  Campaign(std::string baton, std::string fixtures, std::string root, std::string postgres,
           bool redis, std::string mariadb, uint64_t seed)
      : baton_(std::move(baton)), fixtures_(std::move(fixtures)), root_(std::move(root)),
        postgres_(std::move(postgres)), redis_(redis), mariadb_(std::move(mariadb)),
        random_(seed), seed_(seed) {}
  // Drops the Data Migration source and target databases.
  ~Campaign();

  bool Prepare(const std::vector<std::string>& kinds);
  void set_drop_leaked(bool drop) { drop_leaked_ = drop; }
  void Trial(int number, const std::string& kind);
  const Totals& totals() const { return totals_; }

 private:
  struct Result {
    int code = 0;  // Exit code, or -signal.
    std::string output;
  };

  // Starts baton with `args`, its output to `log`.
  pid_t Spawn(const std::vector<std::string>& args, const std::string& log) {
    std::vector<std::string> argv = {baton_};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> raw;
    for (std::string& arg : argv) raw.push_back(arg.data());
    raw.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = -1;
    if (posix_spawn(&pid, baton_.c_str(), &actions, nullptr, raw.data(), environ) != 0) pid = -1;
    posix_spawn_file_actions_destroy(&actions);
    return pid;
  }

  static int Wait(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
  }

  // True once `pid` exited (reaped into *code).
  static bool Exited(pid_t pid, int* code) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) != pid) return false;
    *code = WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
    return true;
  }

  Result Baton(const std::vector<std::string>& args, const std::string& log) {
    Result result;
    result.code = Wait(Spawn(args, log));
    result.output = Slurp(log);
    return result;
  }

  std::vector<std::string> RunArgs(const Workflow& workflow, const std::string& repo,
                                   const std::string& state_dir) {
    std::vector<std::string> args = {"run",  workflow.request, "--domain", "data",
                                     "--workflow", workflow.name, "--repo", repo, "--quiet"};
    if (!state_dir.empty()) args.insert(args.end(), {"--state-dir", state_dir});
    if (workflow.mariadb) {
      args.insert(args.end(), {"--source", baton::testing::UrlWithDatabase(mariadb_, source_),
                               "--staging",
                               baton::testing::UrlWithDatabase(postgres_, Target(repo))});
    } else if (workflow.postgres) {
      args.insert(args.end(), {"--staging", postgres_});
    }
    return args;
  }

  // The Data Migration target: one PostgreSQL database (its URL is written
  // into the committed strategy, so every trial uses the same name), made
  // afresh for each new repository. A run started again in the same
  // repository copies into what its first attempt left.
  std::string Target(const std::string& repo) {
    const std::string target = absl::StrCat("baton_chaos_dst_", seed_ % 100000);
    if (repo != target_repo_) {
      Psql({absl::StrCat("DROP DATABASE IF EXISTS ", target, " WITH (FORCE)"),
            absl::StrCat("CREATE DATABASE ", target)});
      target_repo_ = repo;
    }
    return target;
  }

  // Runs each statement (no double quotes in them) on its own on the
  // PostgreSQL server, in `database` or the URL's; the output.
  std::string Psql(const std::vector<std::string>& statements, const std::string& database = "") {
    const std::string url =
        database.empty() ? postgres_ : baton::testing::UrlWithDatabase(postgres_, database);
    std::string command = absl::StrCat("psql '", url, "' -qAt");
    for (const std::string& statement : statements) {
      absl::StrAppend(&command, " -c \"", statement, "\"");
    }
    return Shell(command + " 2>&1");
  }

  // What a Data Migration target holds: row counts and a digest of the rows.
  std::string TargetContent(const std::string& repo) {
    if (repo != target_repo_) return "(another repository's target)";
    return Psql({"SELECT (SELECT count(*) FROM users) || ' users, ' || (SELECT count(*) FROM "
                 "orders) || ' orders, ' || (SELECT md5(string_agg(o::text, ',' ORDER BY id)) "
                 "FROM orders o) || ' ' || (SELECT md5(string_agg(u::text, ',' ORDER BY id)) "
                 "FROM users u)"},
                Target(repo));
  }

  // Creates the Data Migration source on the MariaDB server and seeds it
  // with testing/mariadb's shop. False (saying why) when it cannot.
  bool MakeSource() {
    source_ = absl::StrCat("baton_chaos_src_", seed_ % 100000);
    const std::string seed_file = root_ + "/shop_seed.sql";
    // As testing/mariadb's test databases: zero dates allowed, utf8mb4.
    std::ofstream(seed_file) << "SET SESSION sql_mode = '';\n"
                             << baton::testing::ShopSeedSql() << ";\n";
    const std::string mysql = MysqlCommand("");
    const std::string made = Shell(absl::StrCat(
        mysql, " -e 'DROP DATABASE IF EXISTS ", source_, "; CREATE DATABASE ", source_,
        " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci' 2>&1 && ", MysqlCommand(source_),
        " < '", seed_file, "' 2>&1 && echo seeded"));
    if (!absl::EndsWith(made, "seeded")) {
      std::cout << "cannot seed the MariaDB source " << source_ << ": " << made << "\n";
      return false;
    }
    return true;
  }

  // The mysql client for `database` on --mariadb (its password, if any,
  // from MYSQL_PWD as for the agents).
  std::string MysqlCommand(const std::string& database) const {
    absl::StatusOr<baton::agents::migration::MysqlUrl> url =
        baton::agents::migration::ParseMysqlUrl(mariadb_);
    if (!url.ok()) return absl::StrCat("echo '", url.status().message(), "' >&2; false");
    return absl::StrCat("mysql --protocol=tcp --default-character-set=utf8mb4 -u '", url->user,
                        "' -h '", url->host, "' -P ", url->port, " ", database);
  }

  static std::string RunsRoot(const std::string& repo, const std::string& state_dir) {
    return state_dir.empty() ? repo + "/.baton/runs" : state_dir;
  }

  // The published runs under the runs root (hidden .new folders excluded).
  static std::vector<std::string> Runs(const std::string& runs_root) {
    std::vector<std::string> runs;
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(runs_root, error)) {
      std::string name = entry.path().filename().string();
      if (!name.empty() && name[0] != '.' && entry.is_directory()) runs.push_back(name);
    }
    std::sort(runs.begin(), runs.end());
    return runs;
  }

  static std::string Git(const std::string& dir, const std::string& args) {
    return Shell(absl::StrCat("git -C '", dir, "' ", args, " 2>/dev/null"));
  }

  // `command`'s stdout through /bin/sh, trailing whitespace removed.
  static std::string Shell(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return out;
    char buffer[4096];
    size_t n = 0;
    while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) out.append(buffer, n);
    ::pclose(pipe);
    return std::string(absl::StripTrailingAsciiWhitespace(out));
  }

  // The agents' throwaway databases (baton_stage_*, baton_backup_*) on the
  // staging server.
  std::set<std::string> StagingDatabases() {
    std::set<std::string> names;
    if (postgres_.empty()) return names;
    std::string listed = Psql({"SELECT datname FROM pg_database WHERE datname LIKE "
                               "'baton\\_stage\\_%' OR datname LIKE 'baton\\_backup\\_%'"});
    for (absl::string_view name : absl::StrSplit(listed, '\n', absl::SkipWhitespace())) {
      if (absl::StartsWith(name, "baton_")) names.insert(std::string(name));  // Not an error.
    }
    return names;
  }

  // Counts (and with --drop-leaked drops) the agents' databases made since
  // `before`: a killed agent cannot drop its own. On a server shared with
  // other tests, theirs may be counted too, so dropping is for a server of
  // its own (CI's chaos_test runs exclusively); one in use is left alone.
  void DropLeakedDatabases(const std::set<std::string>& before, std::string* note) {
    for (const std::string& name : StagingDatabases()) {
      if (before.count(name) != 0) continue;
      ++totals_.leaked_databases;
      absl::StrAppend(note, " [left behind staging database ", name, "]");
      if (!drop_leaked_) continue;
      Psql({absl::StrCat("DROP DATABASE ", name)});
    }
  }

  std::string NewRepo(const std::string& name) {
    std::string parent = absl::StrCat(root_, "/", name);
    fs::create_directories(parent);
    absl::StatusOr<std::string> repo =
        baton::cli::CreateDemoRepository(absl::StrCat(fixtures_, "/", fixture_), parent);
    if (!repo.ok()) {
      std::cerr << "cannot create a repository: " << repo.status() << "\n";
      std::exit(1);
    }
    return *repo;
  }

  // Resumes the repository's run until it succeeds; starts the request
  // again when the fault left no run (killed before it was published).
  // Returns the run id, or "" when it never finished (data lost).
  std::string RecoverToTheEnd(const Workflow& workflow, const std::string& repo,
                              const std::string& state_dir, const std::string& log,
                              std::string* transcript) {
    for (int attempt = 0; attempt < 4; ++attempt) {
      std::vector<std::string> runs = Runs(RunsRoot(repo, state_dir));
      Result result;
      if (runs.empty()) {
        ++totals_.restarted;
        result = Baton(RunArgs(workflow, repo, state_dir), log);
      } else {
        std::vector<std::string> args = {"resume", runs.back(), "--repo", repo, "--quiet"};
        if (!state_dir.empty()) args.insert(args.end(), {"--state-dir", state_dir});
        result = Baton(args, log);
        if (result.code == 0) ++totals_.resumed;
      }
      absl::StrAppend(transcript, result.output);
      if (result.code == 0) {
        runs = Runs(RunsRoot(repo, state_dir));
        return runs.empty() ? "" : runs.back();
      }
    }
    return "";
  }

  // The invariants of a finished run; each broken one is printed.
  bool Check(const Workflow& workflow, const std::string& repo, const std::string& state_dir,
             const std::string& run_id, const Reference& reference, const std::string& where) {
    std::vector<std::string> broken;
    const std::string worktree = absl::StrCat(repo, "/.baton/worktrees/", run_id);
    const std::string base = Git(repo, "rev-parse HEAD");
    const std::string head = Git(worktree, "rev-parse HEAD");
    int new_commits = 0;
    absl::SimpleAtoi(Git(worktree, absl::StrCat("rev-list --count ", base, "..HEAD")),
                     &new_commits);
    if (new_commits != reference.new_commits) {
      broken.push_back(absl::StrCat(new_commits, " new commit(s), expected ",
                                    reference.new_commits));
    }
    if (reference.new_commits == 1 &&
        !absl::StrContains(Git(worktree, "log -1 --format=%B"), absl::StrCat("Baton-Run: ", run_id))) {
      broken.push_back("the run's commit lacks its Baton-Run trailer");
    }
    std::string tree = Git(worktree, "rev-parse HEAD^{tree}");
    if (tree != reference.tree) {
      broken.push_back(absl::StrCat("tree ", tree, " differs from the reference's ",
                                    reference.tree, ": ",
                                    Git(worktree, absl::StrCat("diff --stat ", reference.tree,
                                                               " HEAD^{tree}"))));
    }
    std::string status = Git(worktree, "status --porcelain");
    if (status != reference.status) {
      broken.push_back(absl::StrCat("uncommitted files [", status, "], reference [",
                                    reference.status, "]"));
    }
    if (workflow.mariadb && TargetContent(repo) != reference.target) {
      broken.push_back(absl::StrCat("the PostgreSQL target holds [", TargetContent(repo),
                                    "], the reference's [", reference.target, "]"));
    }
    // The journal: every line an event, RUN_FINISHED last, commits agree.
    std::string journal = Slurp(absl::StrCat(RunsRoot(repo, state_dir), "/", run_id,
                                             "/journal.jsonl"));
    baton::handoff::JournalEvent last;
    int lines = 0;
    for (absl::string_view line : absl::StrSplit(journal, '\n', absl::SkipEmpty())) {
      ++lines;
      baton::handoff::JournalEvent event;
      if (!google::protobuf::util::JsonStringToMessage(std::string(line), &event).ok()) {
        broken.push_back(absl::StrCat("journal line ", lines, " does not parse: ", line));
        continue;
      }
      if (event.type() == baton::handoff::JournalEvent::COMMIT_MADE &&
          event.commit_id() != head) {
        broken.push_back(absl::StrCat("journal names commit ", event.commit_id(),
                                      ", the branch holds ", head));
      }
      last = event;
    }
    if (last.type() != baton::handoff::JournalEvent::RUN_FINISHED) {
      broken.push_back(absl::StrCat("journal ends with ",
                                    baton::handoff::JournalEvent::Type_Name(last.type()),
                                    ", not RUN_FINISHED"));
    }
    for (const std::string& problem : broken) {
      std::cout << "    INVARIANT BROKEN (" << where << ", " << workflow.name << "): " << problem
                << "\n";
    }
    return broken.empty();
  }

  // Runs `workflow` start to end; the baton process is handed to `fault`
  // (which may kill it, fill the disk, ...) and returns whether a fault
  // landed. Then recovers and checks.
  template <typename Fault>
  void FaultedRun(const std::string& name, const std::string& kind, const Workflow& workflow,
                  const std::string& state_dir, Fault fault);

  // A uniformly random instant of the reference run's duration (scaled).
  absl::Duration RandomInstant(const Workflow& workflow, double scale = 1.0) {
    const absl::Duration whole = references_[workflow.name].duration * scale;
    std::uniform_int_distribution<int64_t> when(0, absl::ToInt64Microseconds(whole));
    return absl::Microseconds(when(random_));
  }

  // Mounts a tmpfs of `bytes` at `dir`.
  static bool MountTmpfs(const std::string& dir, int64_t bytes) {
    fs::create_directories(dir);
    std::string options = absl::StrCat("size=", bytes);
    return ::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) == 0;
  }

  std::string baton_, fixtures_, root_, postgres_;
  bool redis_ = false;
  std::string mariadb_;
  std::string source_;                         // The Data Migration source.
  std::string target_repo_;                    // Whose the target's rows are.
  bool drop_leaked_ = false;
  // The fixture of the trial being run.
  std::string fixture_ = "data_repo";
  std::mt19937_64 random_;
  uint64_t seed_;
  std::vector<Workflow> workflows_;
  std::map<std::string, Reference> references_;
  Totals totals_;
  bool can_mount_ = false;
};

bool Campaign::Prepare(const std::vector<std::string>& kinds) {
  for (const Workflow& workflow : AllWorkflows()) {
    if (workflow.postgres && postgres_.empty()) {
      std::cout << "skipping " << workflow.name
                << " (needs PostgreSQL: set BATON_TEST_POSTGRES_URL, see "
                   "tools/start_test_postgres.sh)\n";
      continue;
    }
    if (workflow.mariadb && mariadb_.empty()) {
      std::cout << "skipping " << workflow.name
                << " (needs MariaDB: set BATON_TEST_MARIADB_URL, see tools/start_test_mariadb.sh)\n";
      continue;
    }
    if (workflow.mariadb && !MakeSource()) return false;
    if (workflow.redis && !redis_) {
      std::cout << "skipping " << workflow.name
                << " (needs Redis and the node packages: set BATON_TEST_REDIS_URL and "
                   "BATON_NODE_MODULES, see tools/start_test_redis.sh and tools/bootstrap.sh)\n";
      continue;
    }
    workflows_.push_back(workflow);
  }
  // Mounting is needed by full-disk and read-only-repo.
  std::string probe = root_ + "/mount-probe";
  can_mount_ = MountTmpfs(probe, 1 << 20);
  if (can_mount_) ::umount(probe.c_str());
  for (const std::string& kind : kinds) {
    if ((kind == "full-disk" || kind == "read-only-repo") && !can_mount_) {
      std::cout << "cannot mount (" << std::strerror(errno)
                << "): run as root or under `unshare --user --map-root-user --mount`\n";
      return false;
    }
  }
  for (const Workflow& workflow : workflows_) {
    fixture_ = workflow.fixture;
    std::string repo = NewRepo(absl::StrCat("reference-", references_.size()));
    absl::Time start = absl::Now();
    Result result = Baton(RunArgs(workflow, repo, ""), repo + ".log");
    Reference reference;
    reference.duration = absl::Now() - start;
    std::vector<std::string> runs = Runs(RunsRoot(repo, ""));
    if (result.code != 0 || runs.size() != 1) {
      std::cout << "reference run of " << workflow.name << " failed (exit " << result.code
                << "):\n" << result.output << "\n";
      return false;
    }
    const std::string worktree = absl::StrCat(repo, "/.baton/worktrees/", runs[0]);
    reference.tree = Git(worktree, "rev-parse HEAD^{tree}");
    absl::SimpleAtoi(Git(worktree, "rev-list --count main..HEAD"), &reference.new_commits);
    if (Git(repo, "rev-parse --abbrev-ref HEAD") != "main") {
      absl::SimpleAtoi(Git(worktree, absl::StrCat("rev-list --count ", Git(repo, "rev-parse HEAD"),
                                                  "..HEAD")),
                       &reference.new_commits);
    }
    reference.status = Git(worktree, "status --porcelain");
    if (workflow.mariadb) {
      reference.target = TargetContent(repo);
      if (!absl::StartsWith(reference.target, "5 users, 2500 orders")) {
        std::cout << "reference run of " << workflow.name << " left its target with ["
                  << reference.target << "]\n";
        return false;
      }
    }
    references_[workflow.name] = reference;
    std::cout << "reference " << workflow.name << ": " << absl::FormatDuration(reference.duration)
              << ", " << reference.new_commits << " commit(s), tree " << reference.tree.substr(0, 12)
              << "\n";
    // The same run again must give the same tree, or nothing can be compared.
    std::string again = NewRepo(absl::StrCat("reference-again-", references_.size()));
    if (Baton(RunArgs(workflow, again, ""), again + ".log").code != 0 ||
        !Check(workflow, again, "", Runs(RunsRoot(again, ""))[0], reference, "determinism")) {
      std::cout << workflow.name << " is not deterministic: runs cannot be compared\n";
      return false;
    }
  }
  return !workflows_.empty();
}

Campaign::~Campaign() {
  if (!target_repo_.empty()) {
    Psql({absl::StrCat("DROP DATABASE IF EXISTS ", Target(target_repo_), " WITH (FORCE)")});
  }
  if (!source_.empty()) {
    Shell(absl::StrCat(MysqlCommand(""), " -e 'DROP DATABASE IF EXISTS ", source_, "' 2>&1"));
  }
}

template <typename Fault>
void Campaign::FaultedRun(const std::string& name, const std::string& kind,
                          const Workflow& workflow, const std::string& state_dir, Fault fault) {
  std::string repo = NewRepo(name);
  const std::string log = repo + ".log";
  const std::set<std::string> databases = StagingDatabases();
  pid_t pid = Spawn(RunArgs(workflow, repo, state_dir), log);
  std::string note;
  bool landed = fault(repo, pid, &note);
  if (landed) {
    ++totals_.injected;
    ++totals_.by_kind[kind];
  }
  std::string transcript = Slurp(log);
  const int resumed_before = totals_.resumed;
  std::string run_id = RecoverToTheEnd(workflow, repo, state_dir, log + ".resume", &transcript);
  if (!landed) totals_.resumed = resumed_before;
  bool ok = !run_id.empty() &&
            Check(workflow, repo, state_dir, run_id, references_[workflow.name], name);
  if (!ok) {
    ++totals_.data_lost;
    std::cout << "    transcript:\n" << transcript << "\n";
  }
  if (workflow.postgres) DropLeakedDatabases(databases, &note);
  std::cout << "  " << name << " " << kind << " (" << workflow.name << "): "
            << (landed ? "injected" : "missed (the run finished first)") << note << ", "
            << (ok ? "recovered" : "LOST") << std::endl;
}

void Campaign::Trial(int number, const std::string& kind) {
  ++totals_.trials;
  const Workflow& workflow = workflows_[random_() % workflows_.size()];
  fixture_ = workflow.fixture;
  const std::string name = absl::StrCat("t", number);

  if (kind == "kill-baton") {
    FaultedRun(name, kind, workflow, "", [&](const std::string& repo, pid_t pid, std::string* note) {
      absl::SleepFor(RandomInstant(workflow));
      ::kill(pid, SIGKILL);
      if (Wait(pid) != -SIGKILL) return false;
      // Half the time the first `baton resume` is killed as well.
      std::vector<std::string> runs = Runs(RunsRoot(repo, ""));
      if (random_() % 2 == 0 && !runs.empty()) {
        pid_t resume = Spawn({"resume", runs.back(), "--repo", repo, "--quiet"}, repo + ".r1.log");
        absl::SleepFor(RandomInstant(workflow));
        ::kill(resume, SIGKILL);
        if (Wait(resume) == -SIGKILL) {
          ++totals_.injected;  // The second fault of this trial.
          ++totals_.by_kind["kill-baton-resume"];
          *note = " [and its first resume]";
        }
      }
      return true;
    });
  } else if (kind == "kill-agent") {
    FaultedRun(name, kind, workflow, "", [&](const std::string& repo, pid_t pid, std::string* note) {
      absl::SleepFor(RandomInstant(workflow, 0.9));
      // The agent is baton's child; poll until one runs.
      for (int code = 0; !Exited(pid, &code);) {
        std::string children = Slurp(absl::StrCat("/proc/", pid, "/task/", pid, "/children"));
        std::vector<std::string> pids = absl::StrSplit(children, ' ', absl::SkipWhitespace());
        int agent = 0;
        if (!pids.empty() && absl::SimpleAtoi(pids[0], &agent)) {
          std::string comm = Slurp(absl::StrCat("/proc/", agent, "/comm"));
          if (!KillLiveProcess(agent)) {
            // It finished on its own: wait for the next agent.
            absl::SleepFor(absl::Milliseconds(1));
            continue;
          }
          code = Wait(pid);
          *note = absl::StrCat(" [", absl::StripTrailingAsciiWhitespace(comm), ", baton exit ",
                               code, "]");
          // Baton must say which agent died, exit 1 and keep the run resumable.
          std::string output = Slurp(repo + ".log");
          if (code != 1 || !absl::StrContains(output, "signal 9")) {
            ++totals_.violations;
            std::cout << "    kill-agent output (exit " << code << "): " << output << "\n";
          }
          return true;
        }
        absl::SleepFor(absl::Milliseconds(2));
      }
      return false;
    });
  } else if (kind == "corrupt-checkpoint") {
    FaultedRun(name, kind, workflow, "", [&](const std::string& repo, pid_t pid, std::string* note) {
      // Kill baton once it has written 2..4 checkpoints, then damage the newest.
      const int wanted = 2 + static_cast<int>(random_() % 3);
      std::string newest;
      for (int code = 0; !Exited(pid, &code);) {
        std::vector<std::string> runs = Runs(RunsRoot(repo, ""));
        if (!runs.empty()) {
          std::vector<std::string> files;
          std::error_code error;
          for (const auto& entry : fs::directory_iterator(
                   absl::StrCat(RunsRoot(repo, ""), "/", runs[0], "/checkpoints"), error)) {
            if (entry.path().extension() == ".pb") files.push_back(entry.path().string());
          }
          if (static_cast<int>(files.size()) >= wanted) {
            ::kill(pid, SIGKILL);
            Wait(pid);
            std::sort(files.begin(), files.end());
            newest = files.back();
            break;
          }
        }
        absl::SleepFor(absl::Milliseconds(1));
      }
      if (newest.empty()) return false;
      std::string bytes = Slurp(newest);
      if (bytes.empty()) return false;
      if (random_() % 2 == 0) {
        size_t at = random_() % bytes.size();
        bytes[at] = static_cast<char>(bytes[at] ^ (1 << (random_() % 8)));
        *note = absl::StrCat(" [flipped a bit of ", fs::path(newest).filename().string(),
                             " at byte ", at, "]");
      } else {
        bytes.resize(random_() % bytes.size());
        *note = absl::StrCat(" [truncated ", fs::path(newest).filename().string(), " to ",
                             bytes.size(), " bytes]");
      }
      std::ofstream(newest, std::ios::binary | std::ios::trunc) << bytes;
      return true;
    });
  } else if (kind == "full-disk") {
    const std::string state = absl::StrCat(root_, "/", name, "-state");
    if (!MountTmpfs(state, 64 << 20)) {  // Query Optimization stages 100k rows.
      std::cout << "  " << name << ": cannot mount a tmpfs at " << state << "\n";
      ++totals_.violations;
      return;
    }
    // Fills the state directory's filesystem to the last byte.
    const std::string filler = state + "/filler";
    auto fill = [&] {
      {
        std::ofstream out(filler, std::ios::binary);
        std::string block(1 << 20, 'x');
        while (out.write(block.data(), block.size())) {
        }
      }
      std::ofstream(state + "/filler2", std::ios::binary) << std::string(4096, 'y');
    };
    // A quarter of the time the disk is full before the run starts, so the
    // run cannot even be created (exit 2, nothing left behind).
    const bool from_start = random_() % 4 == 0;
    if (from_start) fill();
    FaultedRun(name, kind, workflow, state, [&](const std::string& repo, pid_t pid, std::string* note) {
      if (!from_start) {
        absl::SleepFor(RandomInstant(workflow, 0.5));
        fill();
      }
      int code = Wait(pid);
      std::string output = Slurp(repo + ".log");
      fs::remove(filler);
      fs::remove(state + "/filler2");
      bool clear = absl::StrContains(output, "no space left on device writing") ||
                   absl::StrContains(absl::AsciiStrToLower(output), "disk is full");
      // Exit 1 once the run exists, 2 while it is being created: then no
      // run, worktree or branch is left, and the advice is to start again.
      if (code == 2 && clear) {
        const bool advised = absl::StrContains(output, "run the request again");
        const std::string left = absl::StrCat(
            Runs(RunsRoot(repo, state)).size(), " run(s), ",
            Shell(absl::StrCat("ls -A '", repo, "/.baton/worktrees' 2>/dev/null | wc -l")),
            " worktree(s), branches [",
            Git(repo, "branch --list 'baton/*' --format='%(refname:short)'"),
            "]");
        clear = advised && absl::StartsWith(left, "0 run(s), 0 worktree(s), branches []");
        absl::StrAppend(note, " [at start: ", advised ? "" : "resume advised, ", left, "]");
      }
      *note = absl::StrCat(" [", from_start ? "full before the run: " : "", "baton exit ", code,
                           code == 0 ? "" : (clear ? ", clear error" : ", UNCLEAR"), "]", *note);
      if (code < 0 || (code != 0 && !clear) || (from_start && code != 2)) {
        ++totals_.violations;
        std::cout << "    full-disk output: " << output << "\n";
      }
      return code != 0;
    });
    ::umount(state.c_str());
  } else if (kind == "read-only-repo") {
    // Half the time .git is read-only from the start (the run must refuse
    // before making anything), half the time it turns read-only mid-run
    // (the run must stop with an error naming it, and resume afterwards).
    const bool from_start = random_() % 2 == 0;
    auto read_only = [&](const std::string& repo, std::string* note) {
      const std::string git_dir = repo + "/.git";
      if (::mount(git_dir.c_str(), git_dir.c_str(), nullptr, MS_BIND, nullptr) != 0 ||
          ::mount(nullptr, git_dir.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY,
                  nullptr) != 0) {
        *note = absl::StrCat(" [cannot bind-mount .git read-only: ", std::strerror(errno), "]");
        ::umount(git_dir.c_str());
        ++totals_.violations;
        return false;
      }
      return true;
    };
    if (from_start) {
      std::string repo = NewRepo(name);
      std::string note;
      if (!read_only(repo, &note)) {
        std::cout << "  " << name << " " << kind << note << "\n";
        return;
      }
      const std::string refs = Git(repo, "for-each-ref");
      Result refused = Baton(RunArgs(workflow, repo, ""), repo + ".ro.log");
      ::umount((repo + "/.git").c_str());
      bool clear = refused.code == 2 && absl::StrContains(refused.output, "is not writable") &&
                   absl::StrContains(refused.output, "read-only file system");
      bool untouched = Git(repo, "for-each-ref") == refs && !fs::exists(repo + "/.baton");
      if (!clear || !untouched) {
        ++totals_.violations;
        std::cout << "    read-only output (exit " << refused.code << "): " << refused.output
                  << "\n";
      }
      ++totals_.injected;
      ++totals_.by_kind[kind];
      std::string transcript = refused.output;
      std::string run_id = RecoverToTheEnd(workflow, repo, "", repo + ".log", &transcript);
      bool ok = !run_id.empty() &&
                Check(workflow, repo, "", run_id, references_[workflow.name], name);
      if (!ok) {
        ++totals_.data_lost;
        std::cout << "    transcript:\n" << transcript << "\n";
      }
      std::cout << "  " << name << " " << kind << " (" << workflow.name
                << "): injected [read-only .git before the run: exit " << refused.code
                << (clear ? ", clear error" : ", UNCLEAR ERROR")
                << (untouched ? ", nothing created" : ", STATE CHANGED") << "], "
                << (ok ? "recovered" : "LOST") << std::endl;
      return;
    }
    FaultedRun(name, kind, workflow, "", [&](const std::string& repo, pid_t pid, std::string* note) {
      absl::SleepFor(RandomInstant(workflow));
      int code = 0;
      if (Exited(pid, &code)) return false;
      if (!read_only(repo, note)) {
        Wait(pid);
        return false;
      }
      code = Wait(pid);
      ::umount((repo + "/.git").c_str());
      std::string output = Slurp(repo + ".log");
      bool clear = absl::StrContains(absl::AsciiStrToLower(output), "read-only file system");
      *note = absl::StrCat(" [read-only .git mid-run: baton exit ", code,
                           code == 0 ? ", finished first" : (clear ? ", clear error" : ", UNCLEAR"),
                           "]");
      // Exit 1 when a step hit it, 2 when the run was still being set up
      // (its worktree), either way naming the file.
      if (code != 0 && (code < 0 || !clear)) {
        ++totals_.violations;
        std::cout << "    read-only output (exit " << code << "): " << output << "\n";
      }
      return code != 0;
    });
  } else if (kind == "deleted-run-dir") {
    FaultedRun(name, kind, workflow, "", [&](const std::string& repo, pid_t pid, std::string* note) {
      absl::Time start = absl::Now();
      std::vector<std::string> runs;
      for (int code = 0; runs.empty(); runs = Runs(RunsRoot(repo, ""))) {
        if (Exited(pid, &code)) return false;
        absl::SleepFor(absl::Milliseconds(1));
      }
      absl::Duration wait = RandomInstant(workflow, 0.6) - (absl::Now() - start);
      if (wait > absl::ZeroDuration()) absl::SleepFor(wait);
      const std::string run_dir = absl::StrCat(RunsRoot(repo, ""), "/", runs[0]);
      std::error_code error;
      fs::remove_all(run_dir, error);
      int code = Wait(pid);
      std::string output = Slurp(repo + ".log");
      const std::string worktree = absl::StrCat(repo, "/.baton/worktrees/", runs[0]);
      std::string commit_message = Git(worktree, "log -1 --format=%B");
      bool stray = absl::StrContains(commit_message, "Baton-Run:");
      bool clear = code == 1 && absl::StrContains(output, "was deleted");
      *note = absl::StrCat(" [baton exit ", code,
                           code == 0 ? ", finished first" : (clear ? ", clear error" : ", UNCLEAR"),
                           stray ? ", commit made" : ", no commit", "]");
      if (code < 0 || (code != 0 && (!clear || stray))) {
        ++totals_.violations;
        std::cout << "    deleted-run-dir output: " << output << "\n";
      }
      // The run is gone on purpose: the user starts the request again.
      if (code != 0) {
        fs::remove_all(absl::StrCat(repo, "/.baton/runs"), error);
      }
      return code != 0;
    });
  } else if (kind == "head-moved") {
    FaultedRun(name, kind, workflow, "", [&](const std::string& repo, pid_t pid, std::string* note) {
      const std::string base = Git(repo, "rev-parse HEAD");
      absl::Time start = absl::Now();
      std::vector<std::string> runs;
      for (int code = 0; runs.empty(); runs = Runs(RunsRoot(repo, ""))) {
        if (Exited(pid, &code)) return false;
        absl::SleepFor(absl::Milliseconds(1));
      }
      absl::Duration wait = RandomInstant(workflow, 0.8) - (absl::Now() - start);
      if (wait > absl::ZeroDuration()) absl::SleepFor(wait);
      const std::string worktree = absl::StrCat(repo, "/.baton/worktrees/", runs[0]);
      std::ofstream(worktree + "/HOTFIX.md") << "someone else's change\n";
      bool made = false;
      for (int tries = 0; tries < 20 && !made; ++tries) {  // The index may be locked.
        Git(worktree, "add HOTFIX.md");
        Git(worktree,
            "-c user.name=Someone -c user.email=someone@example.invalid commit -q -m hotfix "
            "-- HOTFIX.md");
        made = Git(worktree, "log -1 --format=%s") == "hotfix";
        if (!made) absl::SleepFor(absl::Milliseconds(5));
      }
      int code = Wait(pid);
      std::string output = Slurp(repo + ".log");
      bool refused = code == 1 && absl::StrContains(output, "moved while run") &&
                     absl::StrContains(output, base.substr(0, 12));
      *note = absl::StrCat(" [baton exit ", code, refused ? ", refused with expected/found" : "",
                           "]");
      if (!made) *note = " [could not commit on the run's branch]";
      if (code == 0) {
        // The run finished before; the foreign commit sits on top of the
        // run's own one and is the user's business: drop it again.
        if (made) Git(worktree, "reset -q --hard HEAD~1");
        return false;
      }
      if (!refused) {
        ++totals_.violations;
        std::cout << "    head-moved output: " << output << "\n";
      }
      // What the message asks for: put the branch back, then resume.
      Git(worktree, absl::StrCat("reset -q --hard ", base));
      return true;
    });
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string baton, fixtures, root, postgres, redis, node_modules, mariadb, kinds_flag;
  bool drop_leaked = false;
  int faults = 14;
  uint64_t seed = static_cast<uint64_t>(absl::ToUnixNanos(absl::Now()));
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    std::string value = argv[i + 1];
    if (flag == "--baton") baton = value;
    else if (flag == "--fixtures") fixtures = value;
    else if (flag == "--redis") redis = value;
    else if (flag == "--node-modules") node_modules = value;
    else if (flag == "--drop-leaked") drop_leaked = value == "true";
    else if (flag == "--root") root = value;
    else if (flag == "--postgres") postgres = value;
    else if (flag == "--mariadb") mariadb = value;
    else if (flag == "--kinds") kinds_flag = value;
    else if (flag == "--faults" && absl::SimpleAtoi(value, &faults) && faults > 0) continue;
    else if (flag == "--seed" && absl::SimpleAtoi(value, &seed)) continue;
    else {
      std::cerr << "chaos_campaign: bad flag " << flag << " " << value << "\n";
      return 2;
    }
  }
  if (baton.empty() || fixtures.empty() || root.empty() || redis.empty() != node_modules.empty()) {
    std::cerr << "usage: chaos_campaign --baton PATH --fixtures DIR --root DIR [--faults N] "
                 "[--seed S] [--kinds a,b] [--postgres URL] [--redis URL --node-modules DIR] "
                 "[--mariadb URL]\n";
    return 2;
  }
  if (!redis.empty()) {
    // What the cache agents read (executor/agent_registry passes them on).
    ::setenv("BATON_REDIS_URL", redis.c_str(), 1);
    ::setenv("BATON_NODE_MODULES", node_modules.c_str(), 1);
  }
  std::vector<std::string> kinds = kKinds;
  if (!kinds_flag.empty()) kinds = absl::StrSplit(kinds_flag, ',');
  for (const std::string& kind : kinds) {
    if (std::find(kKinds.begin(), kKinds.end(), kind) == kKinds.end()) {
      std::cerr << "chaos_campaign: unknown fault kind " << kind << " (known: "
                << absl::StrJoin(kKinds, ", ") << ")\n";
      return 2;
    }
  }
  // Keep the developer's git configuration out of the repositories.
  ::setenv("HOME", root.c_str(), 1);
  ::setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
  fs::create_directories(root);
  std::cout << "chaos campaign: seed " << seed << ", " << faults << " faults of kinds "
            << absl::StrJoin(kinds, ",") << std::endl;
  Campaign campaign(baton, fixtures, root, postgres, !redis.empty(), mariadb, seed);
  campaign.set_drop_leaked(drop_leaked);
  if (!campaign.Prepare(kinds)) return 1;
  absl::Time start = absl::Now();
  for (int i = 0; i < faults; ++i) campaign.Trial(i, kinds[i % kinds.size()]);
  const Totals& totals = campaign.totals();
  std::cout << "\nseed " << seed << ": " << totals.trials << " trials in "
            << absl::FormatDuration(absl::Trunc(absl::Now() - start, absl::Seconds(1)))
            << "\nfaults injected: " << totals.injected << " (";
  std::vector<std::string> parts;
  for (const auto& [kind, count] : totals.by_kind) parts.push_back(absl::StrCat(kind, " ", count));
  std::cout << absl::StrJoin(parts, ", ") << ")\nruns resumed: " << totals.resumed
            << ", started again: " << totals.restarted << "\ndata lost: " << totals.data_lost
            << "\nother invariant violations: " << totals.violations
            << "\nstaging databases left behind by failed agents"
            << (drop_leaked ? " (dropped): " : " (kept): ")
            << totals.leaked_databases << std::endl;
  return totals.data_lost == 0 && totals.violations == 0 && totals.injected > 0 ? 0 : 1;
}
