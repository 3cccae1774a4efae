#include "tools/cli/run_commands.h"

#include <spawn.h>
#include <sys/wait.h>

#include <cstdlib>
#include <iomanip>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "executor/atomic_file.h"
#include "executor/handoff_diff.h"
#include "executor/handoff_edit.h"
#include "executor/run_catalog.h"
#include "executor/run_directory.h"
#include "executor/run_history.h"
#include "gitops/repository.h"
#include "gitops/worktree.h"
#include "google/protobuf/util/json_util.h"
#include "tools/cli/command_flags.h"

extern char** environ;

namespace baton::cli {
namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

// Flags every run command takes, and the run it names.
struct RunTarget {
  std::string repo;
  std::string state_dir;
  std::string runs_root;
};

void AddTargetFlags(CommandFlags& flags, RunTarget* target) {
  flags.String("--repo", &target->repo);
  flags.String("--state-dir", &target->state_dir);
}

int Fail(std::ostream& err, absl::string_view message, int code = kExitUsage) {
  err << "baton: " << message << "\n";
  return code;
}

// Parses flags, resolves the runs root; returns "" or the problem.
std::string Prepare(CommandFlags& flags, const std::vector<std::string>& args,
                    RunTarget* target, size_t positional) {
  std::string problem = flags.Parse(args);
  if (!problem.empty()) return problem;
  if (flags.positional().size() != positional) {
    return positional == 1 ? "name one run id (baton runs lists them)"
                           : "this command takes no positional arguments";
  }
  absl::StatusOr<std::string> root = ResolveRunsRoot(target->repo, target->state_dir);
  if (!root.ok()) return std::string(root.status().message());
  target->runs_root = *root;
  return "";
}

std::string Age(absl::Time since) {
  if (since == absl::Time()) return "?";
  absl::Duration age = absl::Now() - since;
  if (age < absl::Minutes(1)) return absl::StrCat(absl::ToInt64Seconds(age), "s");
  if (age < absl::Hours(1)) return absl::StrCat(absl::ToInt64Minutes(age), "m");
  if (age < absl::Hours(48)) return absl::StrCat(absl::ToInt64Hours(age), "h");
  return absl::StrCat(absl::ToInt64Hours(age) / 24, "d");
}

std::string StatusWord(handoff::RunStatus status) {
  switch (status) {
    case handoff::RUN_RUNNING: return "running";
    case handoff::RUN_SUCCEEDED: return "succeeded";
    case handoff::RUN_FAILED: return "failed";
    case handoff::RUN_WAITING_FOR_HUMAN: return "waiting";
    default: return "unknown";
  }
}

// "30d", "12h", "90m", "45s" -> duration.
bool ParseAge(absl::string_view text, absl::Duration* out) {
  if (text.size() < 2) return false;
  int64_t number = 0;
  if (!absl::SimpleAtoi(text.substr(0, text.size() - 1), &number) || number < 0) return false;
  switch (text.back()) {
    case 'd': *out = absl::Hours(24 * number); return true;
    case 'h': *out = absl::Hours(number); return true;
    case 'm': *out = absl::Minutes(number); return true;
    case 's': *out = absl::Seconds(number); return true;
    default: return false;
  }
}

// Runs `$EDITOR file` (argv split on spaces, no shell) on the terminal.
absl::Status OpenEditor(const std::string& file) {
  const char* editor = std::getenv("VISUAL");
  if (editor == nullptr || *editor == '\0') editor = std::getenv("EDITOR");
  if (editor == nullptr || *editor == '\0') {
    return absl::FailedPreconditionError("set $EDITOR, or pass --set path=value");
  }
  std::vector<std::string> argv = absl::StrSplit(editor, ' ', absl::SkipEmpty());
  argv.push_back(file);
  std::vector<char*> raw;
  for (std::string& arg : argv) raw.push_back(arg.data());
  raw.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, raw[0], nullptr, nullptr, raw.data(), environ) != 0) {
    return absl::NotFoundError(absl::StrCat("cannot start editor ", argv[0]));
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::AbortedError(absl::StrCat("editor ", argv[0], " did not exit cleanly; nothing changed"));
  }
  return absl::OkStatus();
}

}  // namespace

int RunRunsCommand(const std::vector<std::string>& args, const Installation&,
                   std::ostream& out, std::ostream& err) {
  CommandFlags flags;
  RunTarget target;
  AddTargetFlags(flags, &target);
  std::string problem = Prepare(flags, args, &target, 0);
  if (!problem.empty()) return Fail(err, problem);
  std::vector<executor::RunSummary> runs = executor::ListRuns(target.runs_root);
  if (runs.empty()) {
    out << "no runs under " << target.runs_root << "\n";
    return 0;
  }
  out << absl::StrFormat("%-24s %-10s %-6s %-26s %-5s %s\n", "RUN", "STATUS", "STEPS", "NEXT",
                         "AGE", "WORKFLOW: REQUEST");
  for (const executor::RunSummary& run : runs) {
    if (!run.problem.empty()) {
      out << absl::StrFormat("%-24s %-10s %s\n", run.run_id, "unreadable", run.problem);
      continue;
    }
    out << absl::StrFormat("%-24s %-10s %d/%-4d %-26s %-5s %s: %s\n", run.run_id,
                           StatusWord(run.status), run.completed_steps, run.total_steps,
                           run.next_step.empty() ? "-" : run.next_step, Age(run.started),
                           run.workflow, run.request);
  }
  return 0;
}

int RunShowCommand(const std::vector<std::string>& args, const Installation&,
                   std::ostream& out, std::ostream& err) {
  CommandFlags flags;
  RunTarget target;
  AddTargetFlags(flags, &target);
  int checkpoint = -1;
  int step = -1;
  std::string format = "text";
  bool diff = false;
  flags.Int("--checkpoint", &checkpoint);
  flags.Int("--step", &step);
  flags.String("--format", &format);
  flags.Bool("--diff", &diff);
  std::string problem = Prepare(flags, args, &target, 1);
  if (!problem.empty()) return Fail(err, problem);
  if (format != "text" && format != "json") return Fail(err, "--format is text or json");
  absl::StatusOr<executor::RunDirectory> run =
      executor::RunDirectory::Open(target.runs_root, flags.positional()[0]);
  if (!run.ok()) return Fail(err, run.status().message());

  std::vector<int> sequences = run->CheckpointSequences();
  int chosen = sequences.empty() ? -1 : sequences.back();
  if (checkpoint >= 0) chosen = checkpoint;
  if (step >= 0) {
    chosen = -1;  // The latest checkpoint with `step` steps done.
    for (int sequence : sequences) {
      absl::StatusOr<handoff::Checkpoint> c = run->ReadCheckpoint(sequence);
      if (c.ok() && c->completed_steps() == step) chosen = sequence;
    }
    if (chosen < 0) return Fail(err, absl::StrCat("no checkpoint after step ", step));
  }
  absl::StatusOr<handoff::Checkpoint> shown = run->ReadCheckpoint(chosen);
  if (!shown.ok()) return Fail(err, shown.status().message());
  if (diff) {
    handoff::Handoff before;
    if (chosen > 0) {
      absl::StatusOr<handoff::Checkpoint> previous = run->ReadCheckpoint(chosen - 1);
      if (previous.ok()) before = previous->handoff();
    }
    out << executor::DescribeHandoffChanges(before, shown->handoff()) << "\n";
    return 0;
  }
  if (format == "json") {
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = true;
    options.preserve_proto_field_names = true;
    (void)google::protobuf::util::MessageToJsonString(shown->handoff(), &json, options);
    out << json;
  } else {
    out << "# run " << run->run_id() << ", checkpoint " << shown->sequence() << " ("
        << shown->completed_steps() << " steps done)\n"
        << executor::HandoffToText(shown->handoff());
  }
  return 0;
}

int RunStepCommand(const std::vector<std::string>& args, const Installation& installation,
                   std::ostream& out, std::ostream& err) {
  CommandFlags flags;
  RunTarget target;
  AddTargetFlags(flags, &target);
  bool approve = false;
  bool accept = false;
  flags.Bool("--approve", &approve);
  flags.Bool("--accept-card-change", &accept);
  std::string problem = Prepare(flags, args, &target, 1);
  if (!problem.empty()) return Fail(err, problem);
  const std::string run_id = flags.positional()[0];
  absl::StatusOr<executor::RunDirectory> run = executor::RunDirectory::Open(target.runs_root, run_id);
  if (!run.ok()) return Fail(err, run.status().message());
  absl::StatusOr<handoff::Checkpoint> before = run->LatestCheckpoint();
  if (!before.ok()) return Fail(err, before.status().message());

  RunOptions options;
  options.repo = target.repo.empty() ? DefaultRepoPath() : target.repo;
  options.runs_root = target.state_dir;
  options.max_steps = 1;
  options.accept_card_change = accept;
  absl::StatusOr<RunOutcome> outcome = ResumeRun(installation, options, run_id, approve, out);
  if (!outcome.ok()) return Fail(err, outcome.status().message());
  out << "\nChanges to the handoff:\n"
      << executor::DescribeHandoffChanges(before->handoff(), outcome->handoff) << "\n";
  if (!outcome->status.ok()) {
    out << "\nThe step failed: " << outcome->status.message() << "\n";
    return kExitFailed;
  }
  return 0;
}

int RunEditCommand(const std::vector<std::string>& args, const Installation&,
                   std::ostream& out, std::ostream& err) {
  CommandFlags flags;
  RunTarget target;
  AddTargetFlags(flags, &target);
  std::vector<std::string> assignments;
  flags.Repeated("--set", &assignments);
  std::string problem = Prepare(flags, args, &target, 1);
  if (!problem.empty()) return Fail(err, problem);
  absl::StatusOr<executor::RunDirectory> run =
      executor::RunDirectory::Open(target.runs_root, flags.positional()[0]);
  if (!run.ok()) return Fail(err, run.status().message());
  absl::Status locked = run->Lock();
  if (!locked.ok()) return Fail(err, locked.message());
  absl::StatusOr<handoff::Checkpoint> current = run->LatestCheckpoint();
  if (!current.ok()) return Fail(err, current.status().message());

  handoff::Handoff edited = current->handoff();
  if (!assignments.empty()) {
    for (const std::string& assignment : assignments) {
      absl::Status applied = executor::ApplyAssignment(assignment, &edited);
      if (!applied.ok()) return Fail(err, applied.message());
    }
  } else {
    const std::string file = absl::StrCat(run->path(), "/edit.txtpb");
    absl::Status written =
        executor::WriteFileAtomically(file, executor::HandoffToText(current->handoff()));
    if (!written.ok()) return Fail(err, written.message());
    absl::Status opened = OpenEditor(file);
    if (!opened.ok()) return Fail(err, opened.message());
    absl::StatusOr<std::string> text = executor::ReadFile(file);
    if (!text.ok()) return Fail(err, text.status().message());
    absl::StatusOr<handoff::Handoff> parsed = executor::HandoffFromText(*text);
    if (!parsed.ok()) {
      return Fail(err, absl::StrCat(file, ": ", parsed.status().message(),
                                    " (nothing changed; the file keeps your edit)"));
    }
    edited = *parsed;
  }
  absl::Status valid = executor::ValidateEdit(current->handoff(), edited);
  if (!valid.ok()) return Fail(err, absl::StrCat(valid.message(), " (nothing changed)"));
  std::string changes = executor::DescribeHandoffChanges(current->handoff(), edited);
  absl::StatusOr<int> sequence =
      run->WriteCheckpoint(edited, current->completed_steps(), current->workspace(),
                           /*exact_restore=*/false, /*full=*/true);
  if (!sequence.ok()) return Fail(err, sequence.status().message());
  handoff::JournalEvent event;
  event.set_type(handoff::JournalEvent::HANDOFF_EDITED);
  event.set_checkpoint(*sequence);
  event.set_message(changes);
  absl::Status logged = run->AppendEvent(event);
  if (!logged.ok()) return Fail(err, logged.message());
  out << "checkpoint " << *sequence << " written:\n" << changes << "\n";
  return 0;
}

int RunRewindCommand(const std::vector<std::string>& args, const Installation&,
                     std::ostream& out, std::ostream& err) {
  CommandFlags flags;
  RunTarget target;
  AddTargetFlags(flags, &target);
  int to = -1;
  flags.Int("--to", &to);
  std::string problem = Prepare(flags, args, &target, 1);
  if (!problem.empty()) return Fail(err, problem);
  if (to < 0) return Fail(err, "rewind needs --to CHECKPOINT (baton show --checkpoint N shows one)");
  absl::StatusOr<executor::RunDirectory> run =
      executor::RunDirectory::Open(target.runs_root, flags.positional()[0]);
  if (!run.ok()) return Fail(err, run.status().message());
  absl::StatusOr<int> sequence = executor::RewindRun(*run, to);
  if (!sequence.ok()) return Fail(err, sequence.status().message());
  out << "run " << run->run_id() << " is back at checkpoint " << to << " (written again as "
      << *sequence << "; later checkpoints are kept). Continue with: baton resume "
      << run->run_id() << "\n";
  return 0;
}

int RunForkCommand(const std::vector<std::string>& args, const Installation&,
                   std::ostream& out, std::ostream& err) {
  CommandFlags flags;
  RunTarget target;
  AddTargetFlags(flags, &target);
  int at = -1;
  flags.Int("--at", &at);
  std::string problem = Prepare(flags, args, &target, 1);
  if (!problem.empty()) return Fail(err, problem);
  if (at < 0) return Fail(err, "fork needs --at CHECKPOINT");
  absl::StatusOr<executor::RunDirectory> source =
      executor::RunDirectory::Open(target.runs_root, flags.positional()[0]);
  if (!source.ok()) return Fail(err, source.status().message());
  absl::StatusOr<handoff::RunManifest> original = source->ReadManifest();
  if (!original.ok()) return Fail(err, original.status().message());

  handoff::RunManifest manifest = *original;
  manifest.set_run_id(absl::StrCat(source->run_id(), "-fork", at, "-",
                                   absl::FormatTime("%H%M%S", absl::Now(), absl::UTCTimeZone())));
  manifest.set_in_place(false);
  manifest.clear_protected_paths();
  manifest.set_branch(absl::StrCat("baton/", manifest.run_id()));
  manifest.set_workspace(absl::StrCat(original->repo(), "/.baton/worktrees/", manifest.run_id()));
  manifest.set_created_unix_ms(absl::ToUnixMillis(absl::Now()));
  absl::Status added = gitops::AddWorktree(original->repo(), manifest.run_id(),
                                           manifest.workspace(), manifest.branch());
  if (!added.ok()) return Fail(err, added.message());
  absl::StatusOr<executor::RunDirectory> fork =
      executor::ForkRun(*source, at, target.runs_root, manifest);
  if (!fork.ok()) return Fail(err, fork.status().message());
  out << "forked run " << manifest.run_id() << " from " << source->run_id() << " at checkpoint "
      << at << " (branch " << manifest.branch() << ").\nContinue it with: baton resume "
      << manifest.run_id() << "\n";
  return 0;
}

int RunGcCommand(const std::vector<std::string>& args, const Installation&,
                 std::ostream& out, std::ostream& err) {
  CommandFlags flags;
  RunTarget target;
  AddTargetFlags(flags, &target);
  std::string older_than = "30d";
  flags.String("--older-than", &older_than);
  std::string problem = Prepare(flags, args, &target, 0);
  if (!problem.empty()) return Fail(err, problem);
  absl::Duration age;
  if (!ParseAge(older_than, &age)) {
    return Fail(err, absl::StrCat("--older-than takes a number and d/h/m/s, e.g. 30d; got \"",
                                  older_than, "\""));
  }
  absl::StatusOr<std::vector<executor::RunSummary>> deleted = executor::CollectGarbage(
      target.runs_root, absl::Now() - age, [](const executor::RunSummary& run) -> absl::Status {
        if (run.in_place || run.workspace.empty()) return absl::OkStatus();
        // The worktree lives under <repo>/.baton/worktrees/<id>.
        std::string main_repo = run.workspace.substr(0, run.workspace.find("/.baton/worktrees/"));
        return gitops::RemoveWorktree(main_repo, run.run_id);
      });
  if (!deleted.ok()) return Fail(err, deleted.status().message(), kExitFailed);
  for (const executor::RunSummary& run : *deleted) {
    out << "deleted run " << run.run_id << " (" << run.workflow << ")"
        << (run.branch.empty() ? "" : absl::StrCat("; branch ", run.branch, " kept")) << "\n";
  }
  out << deleted->size() << " run(s) deleted\n";
  return 0;
}

}  // namespace baton::cli
