#include "tools/nightly/check_span.h"

#include <utility>

#include "absl/time/clock.h"

namespace baton::nightly {

CheckSpan::CheckSpan(std::string name, JobReport* report)
    : name_(std::move(name)), report_(report), started_(absl::Now()) {}

void CheckSpan::Succeed(const std::string& summary) {
  report_->set_status(JobReport::SUCCEEDED);
  report_->set_summary(summary);
  Finish("SUCCEEDED", summary);
}

void CheckSpan::Fail(const std::string& reason) {
  report_->set_status(JobReport::FAILED);
  report_->set_reason(reason);
  Finish("FAILED", reason);
}

void CheckSpan::Finish(const std::string& status, const std::string& text) {
  StepSpan* span = report_->add_steps();
  span->set_name(name_);
  span->set_status(status);
  span->set_started_unix_ms(absl::ToUnixMillis(started_));
  span->set_duration_ms(absl::ToInt64Milliseconds(absl::Now() - started_));
  span->set_summary(text);
}

}  // namespace baton::nightly
