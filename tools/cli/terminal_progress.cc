#include "tools/cli/terminal_progress.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"

namespace baton::cli {

void TerminalProgress::StepStarted(const executor::PlannedStep& step, int attempt) {
  std::string note = step.step.note().empty() ? "" : absl::StrCat(" (", step.step.note(), ")");
  out_ << absl::StrFormat("  [%d/%d] %s%s", step.index + 1, total_steps_, step.step.agent(),
                          note);
  if (attempt > 1) out_ << absl::StrFormat(" attempt %d", attempt);
  out_ << " ..." << std::endl;
}

void TerminalProgress::StepFinished(const handoff::StepRecord& record) {
  const char* outcome = record.status() == handoff::STEP_SUCCEEDED  ? "ok"
                        : record.status() == handoff::STEP_APPROVED ? "approved"
                                                                   : "FAILED";
  out_ << absl::StrFormat("        %s in %.2fs", outcome, record.duration_ms() / 1000.0);
  const std::string& text =
      record.status() == handoff::STEP_FAILED ? record.error() : record.summary();
  if (!text.empty()) out_ << ": " << text;
  out_ << std::endl;
}

void TerminalProgress::StepRetrying(const handoff::StepRecord& record,
                                    absl::Duration delay) {
  out_ << absl::StrFormat("        transient failure: %s; retrying in %s", record.error(),
                          absl::FormatDuration(delay))
       << std::endl;
}

void TerminalProgress::WaitingForHuman(const executor::PlannedStep& step) {
  out_ << absl::StrFormat("  [%d/%d] waiting for a person: [%s]", step.index + 1,
                          total_steps_, step.step.note())
       << std::endl;
}

}  // namespace baton::cli

namespace baton::cli {

void TerminalProgress::WorkspaceRestored(const std::vector<std::string>& paths) {
  out_ << "  workspace put back to the checkpoint: " << absl::StrJoin(paths, ", ") << std::endl;
}

}  // namespace baton::cli
