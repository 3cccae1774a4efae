// The report page: self-contained (no network), and what headless Chromium
// renders from it after its script ran.
#include "tools/nightly/html_report.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "re2/re2.h"
#include "tools/nightly/test_process.h"

namespace baton::nightly {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr int64_t kStart = 1714528800000;  // 2024-05-01 02:00 UTC

StepSpan* AddStep(JobReport* job, const std::string& name, const std::string& status,
                  int64_t offset_ms, int64_t duration_ms) {
  StepSpan* step = job->add_steps();
  step->set_name(name);
  step->set_status(status);
  step->set_started_unix_ms(kStart + offset_ms);
  step->set_duration_ms(duration_ms);
  step->set_log(absl::StrCat("../../repo/.baton/runs/r1/steps/", name, "/stderr.log"));
  return step;
}

NightReport SampleReport() {
  NightReport report;
  report.set_date("2024-05-01");
  report.set_status("FAILED");
  report.set_started_unix_ms(kStart);
  report.set_finished_unix_ms(kStart + 60000);
  report.set_host("night-box");
  report.set_pid(4242);
  report.set_parallel(2);
  report.set_overlap("skip");

  JobReport* migration = report.add_job();
  migration->set_name("add-column");
  migration->set_kind("WORKFLOW");
  migration->set_status(JobReport::SUCCEEDED);
  migration->set_summary("data / Database Migration: 3 step(s)");
  migration->set_started_unix_ms(kStart);
  migration->set_finished_unix_ms(kStart + 30000);
  migration->set_log("jobs/add-column/job.log");
  migration->add_run_ids("r1");
  migration->add_run_dirs("/srv/repo/.baton/runs/r1");
  migration->add_run_links("../../repo/.baton/runs/r1");
  AddStep(migration, "infrastructure-specialist", "SUCCEEDED", 0, 5000);
  AddStep(migration, "qa-specialist", "SUCCEEDED", 5000, 20000);
  AddStep(migration, "git-workflow-manager", "SUCCEEDED", 25000, 5000);
  CommitMade* commit = migration->add_commits();
  commit->set_id("3d1d5f6ba64f0123456789");
  commit->set_branch("baton/nightly/2024-05-01/add-column");
  commit->set_subject("feat(db): add phone_number column to users table");
  commit->add_files("database/migrations/004_add_phone_number_to_users.sql");

  JobReport* slow = report.add_job();
  slow->set_name("slow-queries");
  slow->set_kind("SLOW_QUERIES");
  slow->set_status(JobReport::TIMED_OUT);
  slow->set_reason("timed out after 20s (the job's timeout) <script>window.hacked=1</script>");
  slow->set_started_unix_ms(kStart + 10000);
  slow->set_finished_unix_ms(kStart + 40000);
  AddStep(slow, "debug-specialist", "SUCCEEDED", 10000, 25000);

  JobReport* audit = report.add_job();
  audit->set_name("audit");
  audit->set_kind("SECURITY_AUDIT");
  audit->set_status(JobReport::FAILED);
  audit->set_started_unix_ms(kStart + 30000);
  audit->set_finished_unix_ms(kStart + 31000);
  AddStep(audit, "security-audit", "FAILED", 30000, 1000);
  handoff::Finding* secret = audit->add_findings();
  secret->set_severity(handoff::Finding::BLOCKER);
  secret->set_rule("secret-aws-key");
  secret->set_location("config/prod.env:3");
  secret->set_message("an AWS access key");
  (*report.mutable_findings_by_severity())["BLOCKER"] = 1;

  JobReport* lint = report.add_job();
  lint->set_name("lint");
  lint->set_kind("LINT_SCHEMA");
  lint->set_status(JobReport::SKIPPED);
  lint->set_reason("already completed for 2024-05-01");

  Invocation* skipped = report.add_invocation();
  skipped->set_date("2024-05-01");
  skipped->set_pid(4343);
  skipped->set_outcome("skipped");
  skipped->set_reason("another nightly is already running (pid 4242)");
  MissedNight* missed = report.add_missed();
  missed->set_date("2024-04-30");
  missed->set_reason("no nightly ran on this date");
  return report;
}

TEST(HtmlReportTest, IsSelfContained) {
  const std::string html = RenderHtmlReport(SampleReport());
  EXPECT_THAT(html, Not(HasSubstr("<link")));
  EXPECT_THAT(html, Not(HasSubstr("src=")));
  EXPECT_THAT(html, Not(HasSubstr("https://")));
  EXPECT_THAT(html, Not(HasSubstr("@import")));
  // The only http:// is the SVG namespace name, which is never fetched.
  std::string rest = html;
  EXPECT_EQ(RE2::GlobalReplace(&rest, "http://www\\.w3\\.org/2000/svg", ""), 1);
  EXPECT_THAT(rest, Not(HasSubstr("http://")));
  // The data cannot close its script element.
  EXPECT_THAT(html, Not(HasSubstr("<script>window.hacked")));
  EXPECT_THAT(html, HasSubstr("\\u003cscript\\u003ewindow.hacked"));
}

TEST(HtmlReportTest, EscapesJsonForScript) {
  EXPECT_EQ(EscapeJsonForScript("{\"a\":\"</script>&\"}"),
            "{\"a\":\"\\u003c/script\\u003e\\u0026\"}");
}

// Headless Chromium (Debian's `chromium`) loads the page from disk, runs its
// script, and prints the DOM.
TEST(HtmlReportTest, ChromiumRendersEveryJobStatusAndGanttBar) {
  const char* ci = std::getenv("CI");
  const bool in_ci = ci != nullptr && std::string(ci) == "true";
  if (!OnPath("chromium")) {
    if (in_ci) FAIL() << "chromium is not installed (tools/bootstrap.sh installs it)";
    GTEST_SKIP() << "chromium is not installed; tools/bootstrap.sh installs it";
  }
  const std::string dir = std::string(std::getenv("TEST_TMPDIR")) + "/html";
  std::filesystem::create_directories(dir + "/profile");
  const std::string page = dir + "/report.html";
  std::ofstream(page) << RenderHtmlReport(SampleReport());
  CommandResult dom = RunShell(absl::StrCat(
      "HOME=", dir, " timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic "
      "--no-first-run --disable-background-networking --disable-component-update --disable-sync "
      "--disable-dev-shm-usage --user-data-dir=", dir, "/profile --virtual-time-budget=5000 "
      "--dump-dom file://", page, " 2>/dev/null"));
  ASSERT_EQ(dom.exit_code, 0) << dom.output;
  const std::string& html = dom.output;
  ASSERT_THAT(html, HasSubstr("data-rendered=\"true\"")) << html;

  const std::vector<std::pair<std::string, std::string>> jobs = {
      {"add-column", "SUCCEEDED"}, {"slow-queries", "TIMED_OUT"}, {"audit", "FAILED"},
      {"lint", "SKIPPED"}};
  for (const auto& [name, status] : jobs) {
    EXPECT_THAT(html, HasSubstr(absl::StrCat("<tr class=\"job-row\" data-job=\"", name,
                                             "\" data-status=\"", status, "\">")));
    // The job's own bar in the Gantt chart.
    EXPECT_TRUE(RE2::PartialMatch(
        html, absl::StrCat("<rect class=\"gantt-bar job-bar status-", status,
                           "\"[^>]*data-job=\"", name, "\"")))
        << name;
  }
  int step_bars = 0;
  re2::StringPiece input(html);
  while (RE2::FindAndConsume(&input, "<rect class=\"gantt-bar step-bar")) ++step_bars;
  EXPECT_EQ(step_bars, 5);
  // Outcomes, commits, branches, findings by severity, logs, nights.
  EXPECT_THAT(html, HasSubstr("baton/nightly/2024-05-01/add-column"));
  EXPECT_THAT(html, HasSubstr("feat(db): add phone_number column to users table"));
  EXPECT_THAT(html, HasSubstr("class=\"findings-BLOCKER\""));
  EXPECT_THAT(html, HasSubstr("secret-aws-key"));
  EXPECT_THAT(html, HasSubstr("href=\"../../repo/.baton/runs/r1/steps/qa-specialist/stderr.log\""));
  EXPECT_THAT(html, HasSubstr("href=\"jobs/add-column/job.log\""));
  EXPECT_THAT(html, HasSubstr("another nightly is already running (pid 4242)"));
  EXPECT_THAT(html, HasSubstr("2024-04-30"));
  // Text from the data stays text.
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;window.hacked=1&lt;/script&gt;"));
}

}  // namespace
}  // namespace baton::nightly
