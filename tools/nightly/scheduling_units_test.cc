// tools/systemd/baton-nightly.{service,timer} and tools/cron/baton-nightly.cron
// run the same command at the same time; systemd-analyze verifies the units
// when it is installed.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/nightly/nightly_command.h"
#include "tools/nightly/test_process.h"

namespace baton::nightly {
namespace {

using ::testing::HasSubstr;

// "[Section] Key" -> value, for a systemd unit file.
std::map<std::string, std::string> ParseUnit(const std::string& text) {
  std::map<std::string, std::string> values;
  std::string section;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      section = std::string(line);
      continue;
    }
    const size_t equals = line.find('=');
    EXPECT_NE(equals, absl::string_view::npos) << "not key=value: " << line;
    if (equals == absl::string_view::npos) continue;
    values[absl::StrCat(section, " ", line.substr(0, equals))] = std::string(line.substr(equals + 1));
  }
  return values;
}

TEST(SchedulingUnitsTest, ServiceTimerAndCronRunTheSameCommandAtTheSameTime) {
  std::map<std::string, std::string> service = ParseUnit(ReadText("tools/systemd/baton-nightly.service"));
  std::map<std::string, std::string> timer = ParseUnit(ReadText("tools/systemd/baton-nightly.timer"));
  const std::string command = service["[Service] ExecStart"];
  EXPECT_THAT(command, HasSubstr(" nightly --config "));
  EXPECT_EQ(service["[Service] Type"], "oneshot");
  EXPECT_EQ(service["[Service] SuccessExitStatus"], std::to_string(kExitNightOverlap));
  EXPECT_EQ(service["[Service] KillMode"], "mixed");  // SIGTERM to baton only.
  EXPECT_EQ(timer["[Timer] OnCalendar"], "*-*-* 02:00:00");
  EXPECT_EQ(timer["[Timer] Unit"], "baton-nightly.service");
  EXPECT_EQ(timer["[Timer] Persistent"], "true");
  EXPECT_EQ(timer["[Install] WantedBy"], "timers.target");

  int entries = 0;
  for (absl::string_view raw : absl::StrSplit(ReadText("tools/cron/baton-nightly.cron"), '\n')) {
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line.empty() || line[0] == '#' || absl::StrContains(line.substr(0, line.find(' ')), "=")) {
      continue;
    }
    ++entries;
    std::vector<std::string> fields = absl::StrSplit(line, absl::MaxSplits(' ', 6));
    ASSERT_EQ(fields.size(), 7u) << line;
    EXPECT_EQ(fields[0], "0");  // minute
    EXPECT_EQ(fields[1], "2");  // hour: 02:00 like the timer
    EXPECT_EQ(fields[2] + fields[3] + fields[4], "***");
    EXPECT_EQ(fields[5], service["[Service] User"]);
    EXPECT_THAT(fields[6], HasSubstr(command));
    EXPECT_THAT(fields[6], HasSubstr(absl::StrCat("cd ", service["[Service] WorkingDirectory"])));
  }
  EXPECT_EQ(entries, 1);
}

TEST(SchedulingUnitsTest, SystemdAnalyzeVerifiesTheUnits) {
  if (!OnPath("systemd-analyze")) GTEST_SKIP() << "systemd-analyze is not installed";
  // The units name /usr/local/bin/baton and a `baton` user, which this
  // machine need not have: point them at the built baton and root.
  const std::string dir = std::string(std::getenv("TEST_TMPDIR")) + "/units";
  std::filesystem::create_directories(dir);
  const std::string baton = std::filesystem::absolute("tools/baton").string();
  std::ofstream(dir + "/baton-nightly.service") << absl::StrReplaceAll(
      ReadText("tools/systemd/baton-nightly.service"),
      {{"/usr/local/bin/baton", baton}, {"User=baton", "User=root"}, {"Group=baton", "Group=root"}});
  std::ofstream(dir + "/baton-nightly.timer") << ReadText("tools/systemd/baton-nightly.timer");
  CommandResult verified = RunShell(absl::StrCat("cd ", dir, " && systemd-analyze verify ",
                                                 "baton-nightly.service baton-nightly.timer"));
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_EQ(verified.output, "");
}

}  // namespace
}  // namespace baton::nightly
