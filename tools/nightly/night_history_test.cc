#include "tools/nightly/night_history.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::nightly {
namespace {

using ::testing::HasSubstr;

std::string Folder(const std::string& name) {
  std::string dir = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

Invocation Make(const std::string& date, int pid, int64_t started, const std::string& outcome) {
  Invocation invocation;
  invocation.set_date(date);
  invocation.set_pid(pid);
  invocation.set_started_unix_ms(started);
  invocation.set_outcome(outcome);
  return invocation;
}

TEST(NightHistoryTest, LaterRecordOfTheSameInvocationReplacesTheFirst) {
  const std::string dir = Folder("replace");
  ASSERT_TRUE(AppendInvocation(dir, Make("2024-05-01", 10, 1000, "running")).ok());
  Invocation skipped = Make("2024-05-01", 11, 2000, "skipped");
  skipped.set_reason("another nightly is already running (pid 10)");
  ASSERT_TRUE(AppendInvocation(dir, skipped).ok());
  ASSERT_TRUE(AppendInvocation(dir, Make("2024-05-01", 10, 1000, "ran")).ok());
  std::ofstream(dir + "/history.jsonl", std::ios::app) << "not json\n";

  absl::StatusOr<std::vector<Invocation>> history = ReadInvocations(dir);
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].pid(), 10);
  EXPECT_EQ((*history)[0].outcome(), "ran");
  EXPECT_EQ((*history)[1].outcome(), "skipped");
  EXPECT_THAT((*history)[1].reason(), HasSubstr("pid 10"));
}

TEST(NightHistoryTest, AbsentHistoryIsEmpty) {
  absl::StatusOr<std::vector<Invocation>> history = ReadInvocations(Folder("absent"));
  ASSERT_TRUE(history.ok());
  EXPECT_TRUE(history->empty());
}

TEST(NightHistoryTest, DatesWithoutAnyInvocationAreMissed) {
  const std::vector<Invocation> history = {Make("2024-02-27", 1, 1, "ran"),
                                           Make("2024-02-28", 2, 2, "skipped"),
                                           Make("2024-03-05", 3, 3, "ran")};
  // 2024 is a leap year: Feb 29 is a night too.
  std::vector<MissedNight> missed = FindMissedNights(history, "2024-03-02");
  ASSERT_EQ(missed.size(), 2u);
  EXPECT_EQ(missed[0].date(), "2024-02-29");
  EXPECT_EQ(missed[1].date(), "2024-03-01");
  EXPECT_THAT(missed[0].reason(), HasSubstr("no nightly ran on this date"));
  EXPECT_THAT(missed[0].reason(), HasSubstr("2024-02-28"));
  EXPECT_TRUE(FindMissedNights(history, "2024-02-29").empty());
  EXPECT_TRUE(FindMissedNights(history, "2024-02-27").empty());  // The first night.
  EXPECT_EQ(FindMissedNights(history, "2024-03-20", 3).size(), 3u);
  EXPECT_EQ(FindMissedNights(history, "2024-03-20", 3).back().date(), "2024-03-19");
}

}  // namespace
}  // namespace baton::nightly
