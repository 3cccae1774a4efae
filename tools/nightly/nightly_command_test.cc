// `baton nightly` end to end: the real `baton` binary in separate
// processes, real git repositories made from testing/fixtures/data_repo,
// the real data agents, and testing/fake_agent where a step must be slow or
// fail.
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tools/cli/demo_repository.h"
#include "tools/nightly/nightly_lock.h"
#include "tools/nightly/nightly_report.pb.h"
#include "tools/nightly/test_process.h"

namespace baton::nightly {
namespace {

using ::testing::HasSubstr;

constexpr char kDate[] = "2024-05-01";

class NightlyCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cwd_ = std::filesystem::current_path().string();
    dir_ = absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    absl::StatusOr<std::string> repo =
        cli::CreateDemoRepository(cwd_ + "/testing/fixtures/data_repo", dir_);
    ASSERT_TRUE(repo.ok()) << repo.status();
    repo_ = *repo;
    // Registries of scripted agents for the Database Migration chain.
    const std::string fake = cwd_ + "/testing/fake_agent";
    WriteRegistry("fast.textproto", fake, "fact:a=1", "fact:b=2");
    WriteRegistry("slow.textproto", fake, "slowfact:1200:a=1", "slowfact:1200:b=2");
    WriteRegistry("failing.textproto", fake, "fail", "fact:b=2");
  }

  void WriteRegistry(const std::string& name, const std::string& fake, const std::string& infra,
                     const std::string& qa) {
    std::ofstream(absl::StrCat(dir_, "/", name))
        << "agent { name: \"infrastructure-specialist\" command: [\"" << fake << "\", \"" << infra
        << "\"] }\n"
        << "agent { name: \"qa-specialist\" command: [\"" << fake << "\", \"" << qa << "\"] }\n"
        << "agent { name: \"git-workflow-manager\" command: [\"" << fake << "\", \"ok\"] }\n";
  }

  // A migration job whose agents come from `registry` ("" = the real ones).
  std::string MigrationJob(const std::string& name, const std::string& registry,
                           int timeout_seconds = 0) {
    return absl::StrCat(
        "job { name: \"", name, "\" repo: \"", repo_,
        "\" request: \"Add phone_number column to users table\" domain: \"data\" workflow: "
        "\"Database Migration\"",
        registry.empty() ? "" : absl::StrCat(" agents_file: \"", dir_, "/", registry, "\""),
        timeout_seconds > 0 ? absl::StrCat(" timeout_seconds: ", timeout_seconds) : "", " }\n");
  }

  void WriteConfig(const std::string& jobs, int parallel = 2) {
    std::ofstream(config()) << "report_dir: \"reports\"\nparallel: " << parallel << "\n" << jobs;
  }

  std::string config() const { return dir_ + "/nightly.textproto"; }
  std::string reports() const { return dir_ + "/reports"; }

  std::vector<std::string> Argv(const std::vector<std::string>& extra) const {
    std::vector<std::string> argv = {cwd_ + "/tools/baton", "nightly", "--config", config(),
                                     "--date", kDate, "--cards", cwd_ + "/domains",
                                     "--agents-root", cwd_};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  }

  CommandResult Nightly(const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> quoted;
    for (const std::string& arg : Argv(extra)) quoted.push_back(absl::StrCat("'", arg, "'"));
    return RunShell(absl::StrJoin(quoted, " "));
  }

  NightReport Report() const {
    NightReport report;
    const std::string json = ReadText(absl::StrCat(reports(), "/", kDate, "/report.json"));
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &report).ok()) << json;
    return report;
  }

  const JobReport* Job(const NightReport& report, const std::string& name) const {
    for (const JobReport& job : report.job()) {
      if (job.name() == name) return &job;
    }
    ADD_FAILURE() << "no job " << name;
    return nullptr;
  }

  // Waits until `pid` holds the nightly lock.
  void WaitForLock(pid_t pid) const {
    const std::string lock = reports() + "/nightly.lock";
    for (int i = 0; i < 200 && NightlyLock::HolderPid(lock) != pid; ++i) {
      absl::SleepFor(absl::Milliseconds(25));
    }
    ASSERT_EQ(NightlyLock::HolderPid(lock), pid);
  }

  std::string Branches() const {
    return RunShell(absl::StrCat("git -C '", repo_, "' branch --list 'baton/nightly/*'")).output;
  }

  std::string cwd_;
  std::string dir_;
  std::string repo_;
};

TEST_F(NightlyCommandTest, AFailedJobNeverStopsTheOthersAndTheExitStatusSaysSo) {
  WriteConfig(MigrationJob("first", "fast.textproto") + MigrationJob("broken", "failing.textproto") +
                  absl::StrCat("job { name: \"lint\" kind: LINT_SCHEMA repo: \"", repo_, "\" }\n") +
                  absl::StrCat("job { name: \"gone\" kind: LINT_SCHEMA repo: \"", dir_, "/gone\" }\n"),
              /*parallel=*/1);
  CommandResult night = Nightly();
  EXPECT_EQ(night.exit_code, 1) << night.output;
  EXPECT_THAT(night.output, HasSubstr("job broken (WORKFLOW): FAILED"));
  EXPECT_THAT(night.output, HasSubstr("Night 2024-05-01: FAILED"));

  NightReport report = Report();
  EXPECT_EQ(report.status(), "FAILED");
  ASSERT_EQ(report.job_size(), 4);
  EXPECT_EQ(Job(report, "first")->status(), JobReport::SUCCEEDED);
  const JobReport* broken = Job(report, "broken");
  EXPECT_EQ(broken->status(), JobReport::FAILED);
  EXPECT_THAT(broken->reason(), HasSubstr("infrastructure-specialist"));
  ASSERT_EQ(broken->run_ids_size(), 1);
  EXPECT_THAT(broken->resume_command(), HasSubstr("baton resume " + broken->run_ids(0)));
  // The job after the failure still ran, in order (one at a time).
  EXPECT_EQ(Job(report, "lint")->status(), JobReport::SUCCEEDED);
  EXPECT_GE(Job(report, "lint")->started_unix_ms(), broken->finished_unix_ms());
  EXPECT_EQ(Job(report, "gone")->status(), JobReport::FAILED);
  EXPECT_THAT(Job(report, "gone")->reason(), HasSubstr("no git repository"));
  EXPECT_TRUE(std::filesystem::exists(absl::StrCat(reports(), "/", kDate, "/report.html")));
}

TEST_F(NightlyCommandTest, SkipsWhatIsDoneForTheDateUnlessForcedOrTheInputsChanged) {
  WriteConfig(MigrationJob("add-phone", "") +
              absl::StrCat("job { name: \"lint\" kind: LINT_SCHEMA repo: \"", repo_, "\" }\n") +
              absl::StrCat("job { name: \"roundtrip\" kind: VERIFY_MIGRATIONS repo: \"", repo_, "\" }\n") +
              absl::StrCat("job { name: \"audit\" kind: SECURITY_AUDIT repo: \"", repo_, "\" }\n"));
  CommandResult first = Nightly();
  ASSERT_EQ(first.exit_code, 0) << first.output;
  NightReport report = Report();
  EXPECT_EQ(report.status(), "SUCCEEDED");
  const JobReport* run = Job(report, "add-phone");
  ASSERT_EQ(run->status(), JobReport::SUCCEEDED) << run->reason();
  // The real agents committed on the run's branch, published for review.
  ASSERT_EQ(run->commits_size(), 1);
  EXPECT_EQ(run->commits(0).branch(), "baton/nightly/2024-05-01/add-phone");
  EXPECT_THAT(run->commits(0).files(0), HasSubstr("add_phone_number"));
  EXPECT_EQ(run->steps_size(), 3);
  EXPECT_FALSE(run->steps(1).log().empty());
  EXPECT_TRUE(std::filesystem::exists(absl::StrCat(reports(), "/", kDate, "/", run->steps(1).log())));
  EXPECT_THAT(Branches(), HasSubstr("baton/nightly/2024-05-01/add-phone"));
  EXPECT_THAT(RunShell("git -C '" + repo_ + "' log --oneline master").output, Not(HasSubstr("phone")));
  EXPECT_THAT(Job(report, "roundtrip")->summary(), HasSubstr("round-trips"));
  EXPECT_THAT(Job(report, "audit")->summary(), HasSubstr("PII column"));
  EXPECT_GT(report.findings_by_severity().at("WARNING"), 0);
  const std::string first_run = run->run_ids(0);

  CommandResult second = Nightly();
  ASSERT_EQ(second.exit_code, 0) << second.output;
  report = Report();
  for (const JobReport& job : report.job()) {
    EXPECT_EQ(job.status(), JobReport::SKIPPED) << job.name();
    EXPECT_THAT(job.reason(), HasSubstr("already completed for 2024-05-01"));
  }
  EXPECT_EQ(report.invocation_size(), 2);

  CommandResult forced = Nightly({"--force", "--job", "add-phone"});
  ASSERT_EQ(forced.exit_code, 0) << forced.output;
  report = Report();
  ASSERT_EQ(report.job_size(), 1);
  EXPECT_EQ(report.job(0).status(), JobReport::SUCCEEDED);
  EXPECT_NE(report.job(0).run_ids(0), first_run);
  // The earlier review branch is never moved.
  EXPECT_EQ(report.job(0).commits(0).branch(), "baton/nightly/2024-05-01/add-phone-2");

  // A new commit on the repository changes the inputs: the checks run again.
  std::ofstream(repo_ + "/NOTES.md") << "notes\n";
  ASSERT_EQ(RunShell("git -C '" + repo_ + "' add NOTES.md && git -C '" + repo_ +
                     "' commit -qm notes").exit_code, 0);
  CommandResult changed = Nightly({"--job", "lint"});
  ASSERT_EQ(changed.exit_code, 0) << changed.output;
  EXPECT_EQ(Report().job(0).status(), JobReport::SUCCEEDED);

  CommandResult unknown = Nightly({"--job", "nope"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.output, HasSubstr("no job \"nope\""));
}

TEST_F(NightlyCommandTest, TimeoutStopsTheRunAtAStepBoundaryAndTheNextNightResumesIt) {
  WriteConfig(MigrationJob("slow", "slow.textproto", /*timeout_seconds=*/1));
  CommandResult night = Nightly();
  EXPECT_EQ(night.exit_code, 1) << night.output;
  NightReport report = Report();
  const JobReport* slow = Job(report, "slow");
  ASSERT_EQ(slow->status(), JobReport::TIMED_OUT) << slow->reason();
  EXPECT_THAT(slow->reason(), HasSubstr("timed out after 1s"));
  EXPECT_THAT(slow->reason(), HasSubstr("stopped at a step boundary"));
  // The step that was running finished; nothing after it started.
  ASSERT_EQ(slow->steps_size(), 1);
  EXPECT_EQ(slow->steps(0).name(), "infrastructure-specialist");
  EXPECT_EQ(slow->steps(0).status(), "SUCCEEDED");
  const std::string run_id = slow->run_ids(0);

  // A longer timeout is the same job: the same night resumes the run.
  WriteConfig(MigrationJob("slow", "slow.textproto", /*timeout_seconds=*/60));
  CommandResult again = Nightly();
  ASSERT_EQ(again.exit_code, 0) << again.output;
  report = Report();
  slow = Job(report, "slow");
  EXPECT_EQ(slow->status(), JobReport::SUCCEEDED) << slow->reason();
  EXPECT_TRUE(slow->resumed());
  EXPECT_EQ(slow->run_ids(0), run_id);
  ASSERT_EQ(slow->steps_size(), 3);
  EXPECT_EQ(slow->steps(0).name(), "infrastructure-specialist");  // Ran once, not twice.
  EXPECT_EQ(slow->steps(1).name(), "qa-specialist");
}

TEST_F(NightlyCommandTest, SkipPolicyExitsAtOnceAndTheNightRecordsIt) {
  WriteConfig(MigrationJob("slow", "slow.textproto"));
  const pid_t first = SpawnProcess(Argv({}), dir_ + "/first.log");
  ASSERT_GT(first, 0);
  WaitForLock(first);
  const absl::Time start = absl::Now();
  CommandResult second = Nightly({"--overlap", "skip"});
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  EXPECT_EQ(second.exit_code, 3) << second.output;
  EXPECT_THAT(second.output, HasSubstr(absl::StrCat("already running (pid ", first, ")")));
  EXPECT_EQ(WaitProcess(first), 0) << ReadText(dir_ + "/first.log");

  NightReport report = Report();
  ASSERT_EQ(report.invocation_size(), 2);
  EXPECT_EQ(report.invocation(0).outcome(), "ran");
  EXPECT_EQ(report.invocation(1).outcome(), "skipped");
  EXPECT_THAT(report.invocation(1).reason(), HasSubstr(absl::StrCat("pid ", first)));
}

TEST_F(NightlyCommandTest, QueuePolicyWaitsForTheRunningNight) {
  WriteConfig(MigrationJob("slow", "slow.textproto"));
  const pid_t first = SpawnProcess(Argv({}), dir_ + "/first.log");
  ASSERT_GT(first, 0);
  WaitForLock(first);
  const pid_t second = SpawnProcess(Argv({"--overlap", "queue", "--wait", "60"}), dir_ + "/second.log");
  EXPECT_EQ(WaitProcess(first), 0) << ReadText(dir_ + "/first.log");
  EXPECT_EQ(WaitProcess(second), 0) << ReadText(dir_ + "/second.log");
  EXPECT_THAT(ReadText(dir_ + "/second.log"), HasSubstr(absl::StrCat("waited")));
  NightReport report = Report();  // The queued one's: it ran last.
  EXPECT_EQ(report.pid(), second);
  EXPECT_EQ(Job(report, "slow")->status(), JobReport::SKIPPED);  // Done by the first.
  ASSERT_EQ(report.invocation_size(), 2);
  EXPECT_EQ(report.invocation(1).pid(), second);
  EXPECT_GE(report.invocation(1).finished_unix_ms(), report.invocation(0).finished_unix_ms());
}

TEST_F(NightlyCommandTest, ReplacePolicyStopsTheOldNightCleanlyAndResumesItsRun) {
  WriteConfig(MigrationJob("slow", "slow.textproto"));
  const pid_t first = SpawnProcess(Argv({}), dir_ + "/first.log");
  ASSERT_GT(first, 0);
  WaitForLock(first);
  absl::SleepFor(absl::Milliseconds(300));  // Inside the first step.
  CommandResult second = Nightly({"--overlap", "replace", "--wait", "60"});
  EXPECT_EQ(second.exit_code, 0) << second.output;
  EXPECT_THAT(second.output, HasSubstr(absl::StrCat("replaced pid ", first)));
  // The old night stopped its run at a step boundary and said so.
  EXPECT_EQ(WaitProcess(first), 1);
  const std::string first_log = ReadText(dir_ + "/first.log");
  EXPECT_THAT(first_log, HasSubstr("job slow (WORKFLOW): STOPPED: stopped: received SIGTERM"));

  NightReport report = Report();
  const JobReport* slow = Job(report, "slow");
  EXPECT_EQ(slow->status(), JobReport::SUCCEEDED) << slow->reason();
  EXPECT_TRUE(slow->resumed());
  EXPECT_EQ(slow->steps_size(), 3);
  EXPECT_EQ(slow->steps(0).name(), "infrastructure-specialist");
  ASSERT_EQ(report.invocation_size(), 2);
  EXPECT_EQ(report.invocation(0).outcome(), "stopped");
  EXPECT_THAT(report.invocation(0).reason(), HasSubstr("SIGTERM"));
  EXPECT_EQ(report.invocation(1).outcome(), "ran");
}

TEST_F(NightlyCommandTest, BadConfigIsAUsageError) {
  std::ofstream(config()) << "job { name: \"x\" }\n";
  CommandResult night = Nightly();
  EXPECT_EQ(night.exit_code, 2);
  EXPECT_THAT(night.output, HasSubstr("nightly.textproto:1: job \"x\" has no repo"));
}

}  // namespace
}  // namespace baton::nightly
