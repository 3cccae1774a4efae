#include "tools/cli/working_directory.h"
#include "tools/nightly/nightly_command.h"

#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "tools/cli/command_flags.h"
#include "tools/nightly/night_history.h"
#include "tools/nightly/nightly_config.h"
#include "tools/nightly/nightly_lock.h"
#include "tools/nightly/nightly_runner.h"
#include "tools/nightly/stop_flag.h"

namespace baton::nightly {
namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

constexpr char kUsage[] =
    "usage: baton nightly --config FILE [--parallel N] [--overlap skip|queue|replace]\n"
    "                     [--wait SECONDS] [--force] [--date YYYY-MM-DD] [--job NAME]...\n";

int Fail(std::ostream& err, const std::string& problem) {
  err << "baton nightly: " << problem << "\n" << kUsage;
  return kExitUsage;
}

}  // namespace

int RunNightlyCommand(const std::vector<std::string>& args, const cli::Installation& installation,
                      std::ostream& out, std::ostream& err) {
  std::string config_path, overlap, date, ignored;
  int parallel = 0;
  int wait_seconds = -1;
  bool force = false;
  std::vector<std::string> jobs;
  cli::CommandFlags flags;
  flags.String("--config", &config_path);
  flags.Int("--parallel", &parallel);
  flags.String("--overlap", &overlap);
  flags.Int("--wait", &wait_seconds);
  flags.Bool("--force", &force);
  flags.String("--date", &date);
  flags.Repeated("--job", &jobs);
  flags.String("--cards", &ignored);
  flags.String("--agents-root", &ignored);
  if (std::string problem = flags.Parse(args); !problem.empty()) return Fail(err, problem);
  if (!flags.positional().empty()) {
    return Fail(err, absl::StrCat("unexpected argument ", flags.positional().front()));
  }
  if (config_path.empty()) return Fail(err, "--config is required");
  if (parallel < 0) return Fail(err, "--parallel must be at least 1");
  if (!std::filesystem::path(config_path).is_absolute()) {
    config_path = (std::filesystem::path(cli::WorkingDirectory()) / config_path).lexically_normal().string();
  }
  absl::StatusOr<NightlyConfig> config = LoadNightlyConfig(config_path);
  if (!config.ok()) {
    err << "baton nightly: " << config.status().message() << "\n";
    return kExitUsage;
  }
  if (overlap.empty()) overlap = config->overlap();
  absl::StatusOr<OverlapPolicy> policy = ParseOverlapPolicy(overlap);
  if (!policy.ok()) return Fail(err, std::string(policy.status().message()));
  if (parallel == 0) parallel = config->parallel();
  if (wait_seconds < 0) wait_seconds = config->overlap_wait_seconds();
  if (date.empty()) {
    date = absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), absl::LocalTimeZone()));
  } else if (absl::CivilDay day; !absl::ParseCivilTime(date, &day) ||
                                 absl::FormatCivilTime(day) != date) {
    return Fail(err, absl::StrCat("--date ", date, " is not YYYY-MM-DD"));
  }

  StopFlag::InstallSignalHandlers();
  StopFlag stop;
  const std::string report_dir = config->report_dir();
  Invocation invocation;
  invocation.set_date(date);
  invocation.set_pid(::getpid());
  invocation.set_started_unix_ms(absl::ToUnixMillis(absl::Now()));

  std::string note;
  absl::StatusOr<NightlyLock> lock = NightlyLock::Acquire(
      absl::StrCat(report_dir, "/nightly.lock"), *policy, absl::Seconds(wait_seconds), &note);
  if (!lock.ok()) {
    const bool overlapped = absl::IsUnavailable(lock.status()) ||
                            absl::IsDeadlineExceeded(lock.status());
    invocation.set_outcome(absl::IsUnavailable(lock.status()) ? "skipped" : "wait_expired");
    invocation.set_reason(std::string(lock.status().message()));
    invocation.set_finished_unix_ms(absl::ToUnixMillis(absl::Now()));
    if (overlapped) (void)AppendInvocation(report_dir, invocation);
    err << "baton nightly: " << lock.status().message()
        << (overlapped ? absl::StrCat("; this invocation (", overlap,
                                      ") did not run, recorded in ", report_dir, "/history.jsonl")
                       : "")
        << "\n";
    return overlapped ? kExitNightOverlap : kExitUsage;
  }
  invocation.set_outcome("running");
  invocation.set_reason(note);
  (void)AppendInvocation(report_dir, invocation);
  if (!note.empty()) out << "baton nightly: " << note << "\n";
  out << "baton nightly " << date << ": " << config->job_size() << " job(s), " << parallel
      << " at a time (pid " << ::getpid() << ")\n" << std::flush;

  NightlyOptions options;
  options.config_path = config_path;
  options.config = *config;
  options.installation = installation;
  options.date = date;
  options.parallel = parallel;
  options.overlap = overlap;
  options.force = force;
  options.only_jobs = jobs;
  options.stop = &stop;
  options.invocation = invocation;
  absl::StatusOr<NightResult> night = RunNight(options, out);
  if (!night.ok()) {
    invocation.set_outcome("failed");
    invocation.set_reason(std::string(night.status().message()));
    invocation.set_finished_unix_ms(absl::ToUnixMillis(absl::Now()));
    (void)AppendInvocation(report_dir, invocation);
    err << "baton nightly: " << night.status().message() << "\n";
    return absl::IsInvalidArgument(night.status()) ? kExitUsage : kExitFailed;
  }
  (void)AppendInvocation(report_dir, night->invocation);
  out << "Report: " << night->html_path << "\n        " << night->json_path << "\n"
      << "Night " << date << ": " << night->report.status() << "\n";
  return NightExitCode(night->report);
}

}  // namespace baton::nightly
