#include "tools/cli/terminal_progress.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace baton::cli {
namespace {

constexpr const char* kSpinner[] = {"|", "/", "-", "\\"};

}  // namespace

bool IsLiveTerminal(int fd) {
  const char* term = std::getenv("TERM");
  return ::isatty(fd) != 0 && (term == nullptr || std::strcmp(term, "dumb") != 0);
}

TerminalProgress::TerminalProgress(std::ostream& out, int total_steps, bool live)
    : out_(out), total_steps_(total_steps), live_(live) {
  if (live_) spinner_ = std::thread([this] { Spin(); });
}

TerminalProgress::~TerminalProgress() {
  if (!live_) return;
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  spinner_.join();
}

std::string TerminalProgress::Label(int index, const std::string& agent,
                                    const std::string& note) const {
  return absl::StrFormat("[%d/%d] %s%s", index + 1, total_steps_, agent,
                         note.empty() ? "" : absl::StrCat(" (", note, ")"));
}

void TerminalProgress::ClearLiveLine() {
  if (line_drawn_) {
    out_ << "\r\033[K";
    line_drawn_ = false;
  }
}

void TerminalProgress::Spin() {
  for (int frame = 0;; ++frame) {
    absl::MutexLock lock(&mu_);
    if (mu_.AwaitWithTimeout(absl::Condition(&stop_), absl::Milliseconds(100))) return;
    if (running_.empty()) continue;
    std::vector<std::string> parts;
    for (const auto& [index, label_start] : running_) {
      parts.push_back(absl::StrFormat("%s %s %.1fs", label_start.first, kSpinner[frame % 4],
                                      absl::ToDoubleSeconds(absl::Now() - label_start.second)));
    }
    out_ << "\r\033[K  " << absl::StrJoin(parts, "   ") << std::flush;
    line_drawn_ = true;
  }
}

void TerminalProgress::StepStarted(const executor::PlannedStep& step, int attempt) {
  absl::MutexLock lock(&mu_);
  std::string label = Label(step.index, step.step.agent(), step.step.note());
  if (attempt > 1) absl::StrAppend(&label, " attempt ", attempt);
  if (live_) {
    running_[step.index] = {label, absl::Now()};
    return;
  }
  out_ << "  " << label << " ..." << std::endl;
}

void TerminalProgress::StepFinished(const handoff::StepRecord& record) {
  absl::MutexLock lock(&mu_);
  const char* outcome = record.status() == handoff::STEP_SUCCEEDED  ? "ok"
                        : record.status() == handoff::STEP_APPROVED ? "approved"
                                                                   : "FAILED";
  const std::string& text =
      record.status() == handoff::STEP_FAILED ? record.error() : record.summary();
  std::string detail = absl::StrFormat("%s in %.2fs%s", outcome, record.duration_ms() / 1000.0,
                                       text.empty() ? "" : absl::StrCat(": ", text));
  if (live_) {
    ClearLiveLine();
    running_.erase(record.index());
    out_ << "  " << Label(record.index(), record.agent(), record.note()) << " " << detail
         << std::endl;
    return;
  }
  out_ << "        " << detail << std::endl;
}

void TerminalProgress::StepRetrying(const handoff::StepRecord& record, absl::Duration delay) {
  absl::MutexLock lock(&mu_);
  ClearLiveLine();
  out_ << absl::StrFormat("        transient failure: %s; retrying in %s", record.error(),
                          absl::FormatDuration(delay))
       << std::endl;
}

void TerminalProgress::WaitingForHuman(const executor::PlannedStep& step) {
  absl::MutexLock lock(&mu_);
  ClearLiveLine();
  out_ << absl::StrFormat("  [%d/%d] waiting for a person: [%s]", step.index + 1, total_steps_,
                          step.step.note())
       << std::endl;
}

void TerminalProgress::WorkspaceRestored(const std::vector<std::string>& paths) {
  absl::MutexLock lock(&mu_);
  ClearLiveLine();
  out_ << "  workspace put back to the checkpoint: " << absl::StrJoin(paths, ", ") << std::endl;
}

void TerminalProgress::CheckpointDiscarded(const std::string& message) {
  absl::MutexLock lock(&mu_);
  ClearLiveLine();
  out_ << "  ! " << message << std::endl;
}

}  // namespace baton::cli
