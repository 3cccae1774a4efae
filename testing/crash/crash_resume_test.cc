// SIGKILLs a Baton executor process at 50+ points of a five-step run (every
// step boundary, then random instants) and checks that `resume` always ends
// with the same files and exactly one commit.
#include <signal.h>
#include <spawn.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gitops/committer.h"
#include "gitops/repository.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

extern char** environ;

namespace baton {
namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class CrashResumeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string cwd = std::filesystem::current_path().string();
    runner_ = cwd + "/testing/crash/crash_runner";
    fake_agent_ = cwd + "/testing/fake_agent";
    git_agent_ = cwd + "/agents/git_workflow_manager/git-workflow-manager";
    root_ = std::string(std::getenv("TEST_TMPDIR")) + "/crash";
    // Keep the developer's git config out of the commits.
    ::setenv("HOME", root_.c_str(), 1);
  }

  // A fresh repository with one commit; returns its path.
  std::string NewRepo(const std::string& name) {
    std::string repo = root_ + "/" + name;
    EXPECT_TRUE(gitops::InitRepository(repo, "Crash Test", "crash@baton.invalid").ok());
    std::ofstream(repo + "/README.md") << "base\n";
    gitops::CommitRequest first{repo, {"README.md"}, "initial", {}};
    EXPECT_TRUE(gitops::CommitPaths(first).ok());
    return repo;
  }

  pid_t Spawn(const std::string& mode, const std::string& repo, int kill_at) {
    std::vector<std::string> args = {runner_,          mode,     "--repo",     repo,
                                     "--runs",         repo + "/.runs", "--run-id", "run-1",
                                     "--fake-agent",   fake_agent_,     "--git-agent", git_agent_};
    if (kill_at > 0) {
      args.push_back("--kill-at");
      args.push_back(absl::StrCat(kill_at));
    }
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, (repo + ".stderr").c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    pid_t pid = 0;
    EXPECT_EQ(posix_spawn(&pid, runner_.c_str(), &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    return pid;
  }

  // Waits for `pid`; returns the exit code, or -signal.
  int Wait(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
  }

  // Resumes until the run succeeds (a few tries at most). A run killed
  // before it was created does not exist (exit 3): start it again.
  void ResumeToTheEnd(const std::string& repo) {
    int code = 1;
    for (int attempt = 0; attempt < 4 && code != 0; ++attempt) {
      code = Wait(Spawn("resume", repo, -1));
      if (code == 3) code = Wait(Spawn("start", repo, -1));
    }
    ASSERT_EQ(code, 0) << Read(repo + ".stderr");
  }

  // The same files and exactly one run commit, with nothing left over.
  void ExpectFinalState(const std::string& repo, const std::string& where) {
    SCOPED_TRACE(where);
    for (int i = 1; i <= 4; ++i) {
      EXPECT_EQ(Read(absl::StrCat(repo, "/f", i, ".txt")), absl::StrCat("written by s", i, "\n"));
    }
    EXPECT_EQ(*gitops::CountCommits(repo), 2);
    absl::StatusOr<gitops::CommitInfo> head = gitops::DescribeCommit(repo, "HEAD");
    ASSERT_TRUE(head.ok());
    EXPECT_THAT(head->message, ::testing::HasSubstr("Baton-Run: run-1"));
    EXPECT_THAT(head->files, ::testing::ElementsAre("f1.txt", "f2.txt", "f3.txt", "f4.txt"));
    absl::StatusOr<std::vector<std::string>> dirty = gitops::DirtyPaths(repo, {".runs/"});
    ASSERT_TRUE(dirty.ok());
    EXPECT_THAT(*dirty, ::testing::IsEmpty());
  }

  std::string runner_, fake_agent_, git_agent_, root_;
};

TEST_F(CrashResumeTest, KillsAtEveryStepBoundaryAndAtRandomInstants) {
  // Reference run, uninterrupted, to time it.
  std::string reference = NewRepo("reference");
  absl::Time start = absl::Now();
  ASSERT_EQ(Wait(Spawn("start", reference, -1)), 0) << Read(reference + ".stderr");
  absl::Duration whole = absl::Now() - start;
  ExpectFinalState(reference, "reference");

  int kills = 0;
  // Every step boundary: 5 steps x (started, finished).
  for (int point = 1; point <= 10; ++point) {
    std::string repo = NewRepo(absl::StrCat("boundary", point));
    ASSERT_EQ(Wait(Spawn("start", repo, point)), -SIGKILL) << "kill point " << point;
    ++kills;
    ResumeToTheEnd(repo);
    ExpectFinalState(repo, absl::StrCat("boundary kill ", point));
  }
  // Random instants across the run's duration (seeded: reproducible), until
  // 40 kills have landed while the run was still going.
  std::mt19937 random(20261126);
  std::uniform_int_distribution<int64_t> when(0, absl::ToInt64Microseconds(whole));
  int random_kills = 0;
  for (int point = 0; random_kills < 40 && point < 120; ++point) {
    std::string repo = NewRepo(absl::StrCat("random", point));
    pid_t pid = Spawn("start", repo, -1);
    ::usleep(static_cast<useconds_t>(when(random)));
    ::kill(pid, SIGKILL);
    if (Wait(pid) == -SIGKILL) {
      ++kills;
      ++random_kills;
    }
    ResumeToTheEnd(repo);
    ExpectFinalState(repo, absl::StrCat("random kill ", point));
  }
  EXPECT_EQ(kills, 50);
  std::cout << "kills: " << kills << ", run time " << absl::FormatDuration(whole) << "\n";
}

}  // namespace
}  // namespace baton
