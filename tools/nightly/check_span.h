// A data check job (lint, migration round-trip, audit) as one bar of the
// nightly timeline: started when constructed, and finished by Succeed or
// Fail, which also set the job's status, summary and reason.
// Thread-compatible.
#ifndef BATON_TOOLS_NIGHTLY_CHECK_SPAN_H_
#define BATON_TOOLS_NIGHTLY_CHECK_SPAN_H_

#include <string>

#include "absl/time/time.h"
#include "tools/nightly/nightly_report.pb.h"

namespace baton::nightly {

class CheckSpan {
 public:
  // `report` must outlive the span.
  CheckSpan(std::string name, JobReport* report);

  void Succeed(const std::string& summary);
  void Fail(const std::string& reason);

 private:
  void Finish(const std::string& status, const std::string& text);

  std::string name_;
  JobReport* report_;
  absl::Time started_;
};

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_CHECK_SPAN_H_
