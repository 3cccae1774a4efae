#include "executor/run_history.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "executor/step_plan.h"

namespace baton::executor {
namespace {

// A rewound or forked run is running again unless it waits at a gate.
void Reopen(handoff::Handoff* handoff) {
  if (handoff->status() != handoff::RUN_WAITING_FOR_HUMAN) {
    handoff->set_status(StepPlan(handoff->workflow()).Next(*handoff).has_value()
                            ? handoff::RUN_RUNNING
                            : handoff::RUN_SUCCEEDED);
  }
}

}  // namespace

absl::StatusOr<int> RewindRun(RunDirectory& run, int sequence) {
  absl::Status locked = run.Lock();
  if (!locked.ok()) return locked;
  absl::StatusOr<handoff::Checkpoint> target = run.ReadCheckpoint(sequence);
  if (!target.ok()) return target.status();
  handoff::Handoff handoff = target->handoff();
  Reopen(&handoff);
  absl::StatusOr<int> written =
      run.WriteCheckpoint(handoff, target->completed_steps(), target->workspace(),
                          /*exact_restore=*/true);
  if (!written.ok()) return written.status();
  handoff::JournalEvent event;
  event.set_type(handoff::JournalEvent::REWOUND);
  event.set_checkpoint(*written);
  event.set_message(absl::StrCat("rewound to checkpoint ", sequence, " (",
                                 target->completed_steps(), " steps done)"));
  absl::Status logged = run.AppendEvent(event);
  if (!logged.ok()) return logged;
  return written;
}

absl::StatusOr<RunDirectory> ForkRun(const RunDirectory& source, int sequence,
                                     const std::string& runs_root,
                                     handoff::RunManifest manifest) {
  absl::StatusOr<handoff::Checkpoint> origin = source.ReadCheckpoint(sequence);
  if (!origin.ok()) return origin.status();
  absl::StatusOr<RunDirectory> run = RunDirectory::Create(runs_root, manifest.run_id());
  if (!run.ok()) return run.status();
  absl::Status locked = run->Lock();
  if (!locked.ok()) return locked;
  manifest.set_format_version(kCheckpointFormat);
  manifest.set_forked_from(source.run_id());
  manifest.set_forked_at_checkpoint(sequence);
  absl::Status written = run->WriteManifest(manifest);
  if (!written.ok()) return written;
  handoff::Handoff handoff = origin->handoff();
  handoff.set_run_id(manifest.run_id());
  handoff.clear_commit();
  Reopen(&handoff);
  absl::StatusOr<int> first =
      run->WriteCheckpoint(handoff, origin->completed_steps(), origin->workspace(),
                           /*exact_restore=*/true);
  if (!first.ok()) return first.status();
  handoff::JournalEvent event;
  event.set_type(handoff::JournalEvent::FORKED);
  event.set_message(absl::StrCat("forked from run ", source.run_id(), " at checkpoint ", sequence));
  absl::Status logged = run->AppendEvent(event);
  if (!logged.ok()) return logged;
  absl::Status published = run->Publish();
  if (!published.ok()) return published;
  return run;
}

}  // namespace baton::executor
