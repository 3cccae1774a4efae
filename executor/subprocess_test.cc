#include "executor/subprocess.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "executor/handoff.pb.h"
#include "executor/protocol_version.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::executor {
namespace {

using ::baton::testing::StatusIs;
using ::testing::HasSubstr;

class SubprocessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char cwd[4096];
    ASSERT_NE(::getcwd(cwd, sizeof(cwd)), nullptr);
    agent_ = absl::StrCat(cwd, "/testing/fake_agent");
    dir_ = absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_EQ(std::system(absl::StrCat("mkdir -p ", dir_).c_str()), 0);
    handoff::AgentRequest request;
    request.set_protocol_version(kProtocolVersion);
    request.mutable_step()->set_agent("qa-specialist");
    request.set_scratch_dir(dir_);
    std::ofstream(absl::StrCat(dir_, "/request.pb"), std::ios::binary)
        << request.SerializeAsString();
  }

  SubprocessOptions Options(const std::string& mode) {
    SubprocessOptions options;
    options.argv = {agent_, mode};
    options.working_dir = dir_;
    options.env = {"PATH=/usr/bin:/bin", "ONLY_THIS=1"};
    options.stdin_path = absl::StrCat(dir_, "/request.pb");
    options.stderr_path = absl::StrCat(dir_, "/stderr.log");
    options.timeout = absl::Seconds(20);
    return options;
  }

  std::string StderrLog() {
    std::ifstream in(absl::StrCat(dir_, "/stderr.log"));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string agent_;
  std::string dir_;
};

TEST_F(SubprocessTest, CapturesStdoutAndLogsStderr) {
  absl::StatusOr<SubprocessResult> result = RunSubprocess(Options("ok"));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->exit_code, 0);
  EXPECT_EQ(result->term_signal, 0);
  handoff::AgentResult parsed;
  ASSERT_TRUE(parsed.ParseFromString(result->stdout_bytes));
  EXPECT_EQ(parsed.summary(), "did qa-specialist");
  EXPECT_THAT(StderrLog(), HasSubstr("fake_agent ok for qa-specialist"));
}

TEST_F(SubprocessTest, ReportsExitCode) {
  absl::StatusOr<SubprocessResult> result = RunSubprocess(Options("exit:3"));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->exit_code, 3);
  EXPECT_EQ(DescribeEnding(*result, Options("exit:3")), "exit code 3");
  EXPECT_THAT(StderrLog(), HasSubstr("failing on purpose"));
}

TEST_F(SubprocessTest, ReportsDeathBySignal) {
  absl::StatusOr<SubprocessResult> result = RunSubprocess(Options("signal:11"));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->term_signal, SIGSEGV);
  EXPECT_THAT(DescribeEnding(*result, Options("signal:11")),
              HasSubstr("killed by signal 11"));
}

TEST_F(SubprocessTest, KillsAHangingChildAtTheTimeout) {
  SubprocessOptions options = Options("hang");
  options.timeout = absl::Milliseconds(300);
  absl::StatusOr<SubprocessResult> result = RunSubprocess(options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->timed_out);
  EXPECT_EQ(result->term_signal, SIGKILL);
  EXPECT_LT(result->elapsed, absl::Seconds(5));
  EXPECT_THAT(DescribeEnding(*result, options), HasSubstr("timed out after 300ms"));
}

TEST_F(SubprocessTest, KillsAChildThatFloodsStdout) {
  SubprocessOptions options = Options("flood:104857600");  // 100 MB
  options.max_stdout_bytes = 1 << 20;
  absl::StatusOr<SubprocessResult> result = RunSubprocess(options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->output_limit_exceeded, "stdout");
  EXPECT_LE(result->stdout_bytes.size(), size_t{1} << 20);
  EXPECT_THAT(DescribeEnding(*result, options),
              HasSubstr("wrote more than 1048576 bytes to stdout"));
}

TEST_F(SubprocessTest, PassesOnlyTheGivenEnvironment) {
  ::setenv("BATON_SECRET_TOKEN", "hunter2", 1);
  absl::StatusOr<SubprocessResult> result = RunSubprocess(Options("env"));
  ASSERT_TRUE(result.ok()) << result.status();
  handoff::AgentResult parsed;
  ASSERT_TRUE(parsed.ParseFromString(result->stdout_bytes));
  EXPECT_THAT(parsed.summary(), HasSubstr("ONLY_THIS=1"));
  EXPECT_THAT(parsed.summary(), ::testing::Not(HasSubstr("hunter2")));
}

TEST_F(SubprocessTest, ALaterEntryForTheSameNameWinsAndMalformedOnesAreDropped) {
  SubprocessOptions options = Options("env");
  options.env = {"PATH=/usr/bin:/bin", "A=first", "no-equals-sign", "=nameless", "A=second",
                 "B="};
  absl::StatusOr<SubprocessResult> result = RunSubprocess(options);
  ASSERT_TRUE(result.ok()) << result.status();
  handoff::AgentResult parsed;
  ASSERT_TRUE(parsed.ParseFromString(result->stdout_bytes));
  EXPECT_THAT(parsed.summary(), HasSubstr("A=second"));
  EXPECT_THAT(parsed.summary(), ::testing::Not(HasSubstr("first")));
  EXPECT_THAT(parsed.summary(), ::testing::Not(HasSubstr("nameless")));
  EXPECT_THAT(parsed.summary(), ::testing::Not(HasSubstr("no-equals-sign")));
  EXPECT_THAT(parsed.summary(), HasSubstr("B="));
}

TEST_F(SubprocessTest, StdinBytesAreStreamedAndEndWithEndOfFile) {
  // Held by a pipe (the default 64 KiB, grown to 1 MiB), then streamed.
  for (size_t size : {size_t{0}, size_t{1}, size_t{200} << 10, size_t{1} << 20, size_t{3} << 20}) {
    SubprocessOptions options = Options("size");
    options.stdin_path.clear();
    const std::string bytes(size, 'q');
    options.stdin_bytes = &bytes;
    absl::StatusOr<SubprocessResult> result = RunSubprocess(options);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->exit_code, 0);
    handoff::AgentResult parsed;
    ASSERT_TRUE(parsed.ParseFromString(result->stdout_bytes));
    EXPECT_EQ(parsed.summary(), absl::StrCat("read ", size, " bytes"));
  }
}

TEST_F(SubprocessTest, AMissingStdinFileIsNamed) {
  SubprocessOptions options = Options("ok");
  options.stdin_path = dir_ + "/no-such-request.pb";
  EXPECT_THAT(RunSubprocess(options).status().message(), HasSubstr("no-such-request.pb"));
}

TEST_F(SubprocessTest, AnEmptyEnvironmentStaysEmpty) {
  ::setenv("BATON_SECRET_TOKEN", "hunter2", 1);
  SubprocessOptions options = Options("env");
  options.env.clear();
  absl::StatusOr<SubprocessResult> result = RunSubprocess(options);
  ASSERT_TRUE(result.ok()) << result.status();
  handoff::AgentResult parsed;
  ASSERT_TRUE(parsed.ParseFromString(result->stdout_bytes));
  EXPECT_THAT(parsed.summary(), ::testing::Not(HasSubstr("hunter2")));
  EXPECT_THAT(parsed.summary(), ::testing::Not(HasSubstr("PATH=")));
}

TEST_F(SubprocessTest, WritesOutsideTheWritablePathsAreRefused) {
  std::string inside = dir_ + "/ws";
  ASSERT_EQ(std::system(absl::StrCat("mkdir -p ", inside).c_str()), 0);
  SubprocessOptions options = Options("write:../escaped.txt");
  options.working_dir = inside;
  options.writable_paths = {inside};
  absl::StatusOr<SubprocessResult> confined = RunSubprocess(options);
  ASSERT_TRUE(confined.ok()) << confined.status();
  if (!confined->write_confined) GTEST_SKIP() << "this kernel has no Landlock";
  EXPECT_FALSE(std::ifstream(dir_ + "/escaped.txt").good());
  // Inside is fine; and without the rule the same write lands.
  options.argv[1] = "write:kept.txt";
  ASSERT_TRUE(RunSubprocess(options).ok());
  EXPECT_TRUE(std::ifstream(inside + "/kept.txt").good());
  options.argv[1] = "write:../escaped.txt";
  options.writable_paths.clear();
  ASSERT_TRUE(RunSubprocess(options).ok());
  EXPECT_TRUE(std::ifstream(dir_ + "/escaped.txt").good());
}

TEST_F(SubprocessTest, MissingProgramIsNotFound) {
  SubprocessOptions options = Options("ok");
  options.argv[0] = "/nonexistent/agent";
  EXPECT_THAT(RunSubprocess(options),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("/nonexistent/agent")));
}

TEST_F(SubprocessTest, RelativeProgramIsRejected) {
  SubprocessOptions options = Options("ok");
  options.argv[0] = "fake_agent";
  EXPECT_THAT(RunSubprocess(options),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("absolute")));
}

}  // namespace
}  // namespace baton::executor
