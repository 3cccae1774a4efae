#include "executor/executor.h"

#include <utility>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "executor/protocol_version.h"
#include "executor/result_merger.h"
#include "executor/step_plan.h"

namespace baton::executor {
namespace {

handoff::JournalEvent Event(handoff::JournalEvent::Type type, int index,
                            absl::string_view agent, absl::string_view message) {
  handoff::JournalEvent event;
  event.set_type(type);
  event.set_step_index(index);
  event.set_agent(std::string(agent));
  event.set_message(std::string(message));
  return event;
}

absl::Duration Backoff(absl::Duration base, int attempt, absl::BitGen& random) {
  absl::Duration delay = base * (1 << std::min(attempt - 1, 10));
  return delay + delay * absl::Uniform(random, 0.0, 0.5);
}

}  // namespace

Executor::Executor(const AgentRegistry& registry, StepRunner& runner,
                   ProgressSink& progress, ExecutorOptions options)
    : registry_(registry), runner_(runner), progress_(progress),
      options_(std::move(options)) {}

absl::StatusOr<RunDirectory> Executor::Start(const std::string& runs_root,
                                             handoff::Handoff initial,
                                             const handoff::RunManifest& manifest) {
  absl::Status agents = registry_.CheckWorkflow(initial.workflow());
  if (!agents.ok()) return agents;
  absl::StatusOr<RunDirectory> run = RunDirectory::Create(runs_root, initial.run_id());
  if (!run.ok()) return run.status();
  absl::Status locked = run->Lock();
  if (!locked.ok()) return locked;
  if (!manifest.run_id().empty()) {
    handoff::RunManifest pinned = manifest;
    pinned.set_format_version(kCheckpointFormat);
    absl::Status written = run->WriteManifest(pinned);
    if (!written.ok()) return written;
  }
  initial.set_protocol_version(kProtocolVersion);
  initial.set_status(handoff::RUN_RUNNING);
  absl::StatusOr<handoff::WorkspaceSnapshot> snapshot = Snapshot(initial);
  if (!snapshot.ok()) return snapshot.status();
  absl::StatusOr<int> written = run->WriteCheckpoint(initial, 0, *snapshot);
  if (!written.ok()) return written.status();
  absl::Status logged = run->AppendEvent(
      Event(handoff::JournalEvent::RUN_STARTED, -1, "",
            absl::StrCat(initial.domain(), " / ", initial.workflow().name(), ": ",
                         initial.request().text())));
  if (!logged.ok()) return logged;
  return run;
}

absl::StatusOr<handoff::WorkspaceSnapshot> Executor::Snapshot(
    const handoff::Handoff& handoff) {
  if (options_.tracker == nullptr) return handoff::WorkspaceSnapshot();
  std::vector<std::string> paths;
  for (const handoff::Artifact& artifact : handoff.artifacts()) paths.push_back(artifact.path());
  return options_.tracker->Snapshot(paths);
}

absl::StatusOr<handoff::StepRecord> Executor::RunAgentStep(RunDirectory& run,
                                                           const PlannedStep& planned,
                                                           handoff::Handoff* handoff) {
  const std::string& agent_name = planned.step.agent();
  absl::StatusOr<const AgentSpec*> agent = registry_.Find(agent_name);
  if (!agent.ok()) return agent.status();
  absl::StatusOr<std::string> step_dir = run.StepDirectory(planned.index, agent_name);
  if (!step_dir.ok()) return step_dir.status();
  StepPaths paths{options_.workspace, *step_dir, absl::StrCat(*step_dir, "/scratch")};

  handoff::AgentRequest request;
  request.set_protocol_version(kProtocolVersion);
  *request.mutable_handoff() = *handoff;
  request.mutable_step()->set_index(planned.index);
  request.mutable_step()->set_agent(agent_name);
  request.mutable_step()->set_note(planned.step.note());
  request.mutable_step()->set_workflow(handoff->workflow().name());
  request.mutable_step()->set_domain(handoff->domain());
  request.set_workspace(options_.workspace);
  request.set_scratch_dir(paths.scratch_dir);

  absl::BitGen random;
  for (int attempt = 1;; ++attempt) {
    progress_.StepStarted(planned, attempt);
    absl::Status started = run.AppendEvent(
        Event(handoff::JournalEvent::STEP_STARTED, planned.index, agent_name, ""));
    if (!started.ok()) return started;

    handoff::StepRecord record;
    record.set_index(planned.index);
    record.set_agent(agent_name);
    record.set_note(planned.step.note());
    record.set_attempt(attempt);
    record.set_started_unix_ms(absl::ToUnixMillis(absl::Now()));
    record.set_stderr_log(absl::StrCat(step_dir->substr(run.path().size() + 1),
                                       "/stderr.log"));
    StepTelemetry telemetry;
    absl::StatusOr<handoff::AgentResult> result =
        runner_.RunStep(**agent, request, paths, &telemetry);
    record.set_duration_ms(absl::ToInt64Milliseconds(telemetry.elapsed));
    record.set_exit_code(telemetry.exit_code);
    record.set_term_signal(telemetry.term_signal);

    absl::Status failure = result.status();
    if (result.ok()) {
      record.set_summary(result->summary());
      if (result->outcome() == handoff::AgentResult::SUCCEEDED) {
        failure = MergeResult(*result, agent_name, options_.workspace, handoff);
      } else {
        std::string why = result->error().empty() ? result->summary() : result->error();
        failure = result->outcome() == handoff::AgentResult::TRANSIENT_FAILURE
                      ? absl::UnavailableError(why)
                      : absl::AbortedError(why);
      }
      if (failure.ok()) {
        record.set_status(handoff::STEP_SUCCEEDED);
        return record;
      }
      if (!absl::StartsWith(failure.message(), "agent ")) {
        failure = absl::Status(failure.code(),
                               absl::StrCat("agent ", agent_name, " failed: ",
                                            failure.message(), "; see its log ",
                                            paths.step_dir, "/stderr.log"));
      }
    }
    record.set_status(handoff::STEP_FAILED);
    record.set_error(std::string(failure.message()));
    if (failure.code() == absl::StatusCode::kUnavailable && attempt < (*agent)->max_attempts) {
      absl::Duration delay = Backoff(options_.retry_base_delay, attempt, random);
      *handoff->add_steps() = record;
      progress_.StepRetrying(record, delay);
      handoff::JournalEvent retried = Event(handoff::JournalEvent::STEP_RETRIED,
                                            planned.index, agent_name, record.error());
      retried.set_attempt(attempt);
      absl::Status logged = run.AppendEvent(retried);
      if (!logged.ok()) return logged;
      absl::SleepFor(delay);
      continue;
    }
    *handoff->add_steps() = record;
    return failure;
  }
}

absl::StatusOr<handoff::Handoff> Executor::Advance(RunDirectory& run,
                                                   const AdvanceOptions& options) {
  absl::Status locked = run.Lock();
  if (!locked.ok()) return locked;
  absl::StatusOr<handoff::Checkpoint> checkpoint = run.LatestCheckpoint();
  if (!checkpoint.ok()) return checkpoint.status();
  handoff::Handoff handoff = checkpoint->handoff();
  handoff::WorkspaceSnapshot snapshot = checkpoint->workspace();
  const StepPlan plan(handoff.workflow());
  if (plan.Next(handoff) == std::nullopt && handoff.status() == handoff::RUN_SUCCEEDED) {
    return handoff;  // Nothing left to do.
  }
  if (options.restore_workspace && options_.tracker != nullptr) {
    absl::StatusOr<std::vector<std::string>> restored = options_.tracker->Restore(snapshot);
    if (!restored.ok()) {
      return absl::Status(restored.status().code(),
                          absl::StrCat("cannot restore the workspace of run ", run.run_id(),
                                       " to checkpoint ", checkpoint->sequence(), ": ",
                                       restored.status().message()));
    }
    if (!restored->empty()) {
      progress_.WorkspaceRestored(*restored);
      absl::Status logged = run.AppendEvent(Event(
          handoff::JournalEvent::WORKSPACE_RESTORED, -1, "",
          absl::StrCat("restored ", restored->size(), " path(s) to checkpoint ",
                       checkpoint->sequence(), ": ", absl::StrJoin(*restored, ", "))));
      if (!logged.ok()) return logged;
    }
  }

  for (int done = 0; options.max_steps < 0 || done < options.max_steps; ++done) {
    std::optional<PlannedStep> next = plan.Next(handoff);
    if (!next.has_value()) break;
    if (!options.pause_before_agent.empty() &&
        next->step.agent() == options.pause_before_agent) {
      break;
    }
    handoff.set_status(handoff::RUN_RUNNING);

    if (next->step.kind() == domains::ChainStep::HUMAN_GATE) {
      if (!options.approve_gate) {
        handoff.set_status(handoff::RUN_WAITING_FOR_HUMAN);
        progress_.WaitingForHuman(*next);
        absl::StatusOr<int> written =
            run.WriteCheckpoint(handoff, plan.CompletedCount(handoff), snapshot);
        if (!written.ok()) return written.status();
        absl::Status logged = run.AppendEvent(
            Event(handoff::JournalEvent::WAITING_FOR_HUMAN, next->index, "",
                  next->step.note()));
        if (!logged.ok()) return logged;
        return handoff;
      }
      handoff::StepRecord approved;
      approved.set_index(next->index);
      approved.set_note(next->step.note());
      approved.set_status(handoff::STEP_APPROVED);
      approved.set_started_unix_ms(absl::ToUnixMillis(absl::Now()));
      *handoff.add_steps() = approved;
      progress_.StepFinished(approved);
      absl::Status logged = run.AppendEvent(
          Event(handoff::JournalEvent::GATE_APPROVED, next->index, "", next->step.note()));
      if (!logged.ok()) return logged;
      absl::StatusOr<int> written =
          run.WriteCheckpoint(handoff, plan.CompletedCount(handoff), snapshot);
      if (!written.ok()) return written.status();
      continue;
    }

    const std::string had_commit = handoff.commit().commit_id();
    absl::StatusOr<handoff::StepRecord> record = RunAgentStep(run, *next, &handoff);
    if (!record.ok()) {
      progress_.StepFinished(handoff.steps(handoff.steps_size() - 1));
      handoff.set_status(handoff::RUN_FAILED);
      // Keep the failure visible (baton show) without losing the checkpoint
      // before the step: it stays on disk under its own number.
      absl::StatusOr<int> written =
          run.WriteCheckpoint(handoff, plan.CompletedCount(handoff), snapshot);
      absl::Status logged = run.AppendEvent(Event(handoff::JournalEvent::STEP_FAILED,
                                                  next->index, next->step.agent(),
                                                  record.status().message()));
      if (!written.ok()) return written.status();
      if (!logged.ok()) return logged;
      return record.status();
    }
    *handoff.add_steps() = *record;
    progress_.StepFinished(*record);
    handoff::JournalEvent finished = Event(handoff::JournalEvent::STEP_FINISHED,
                                           next->index, next->step.agent(), record->summary());
    finished.set_duration_ms(record->duration_ms());
    finished.set_attempt(record->attempt());
    if (plan.Next(handoff) == std::nullopt) handoff.set_status(handoff::RUN_SUCCEEDED);
    absl::StatusOr<handoff::WorkspaceSnapshot> taken = Snapshot(handoff);
    if (!taken.ok()) return taken.status();
    snapshot = *std::move(taken);
    absl::StatusOr<int> written =
        run.WriteCheckpoint(handoff, plan.CompletedCount(handoff), snapshot);
    if (!written.ok()) return written.status();
    finished.set_checkpoint(*written);
    absl::Status logged = run.AppendEvent(finished);
    if (!logged.ok()) return logged;
    if (handoff.commit().commit_id() != had_commit) {
      handoff::JournalEvent commit = Event(handoff::JournalEvent::COMMIT_MADE, next->index,
                                           next->step.agent(), handoff.commit().message());
      commit.set_commit_id(handoff.commit().commit_id());
      logged = run.AppendEvent(commit);
      if (!logged.ok()) return logged;
    }
    if (!options.until_agent.empty() && next->step.agent() == options.until_agent) break;
  }
  if (plan.Next(handoff) == std::nullopt && handoff.status() != handoff::RUN_SUCCEEDED) {
    handoff.set_status(handoff::RUN_SUCCEEDED);
    absl::StatusOr<int> written =
        run.WriteCheckpoint(handoff, plan.CompletedCount(handoff), snapshot);
    if (!written.ok()) return written.status();
  }
  if (handoff.status() == handoff::RUN_SUCCEEDED) {
    absl::Status logged =
        run.AppendEvent(Event(handoff::JournalEvent::RUN_FINISHED, -1, "", "succeeded"));
    if (!logged.ok()) return logged;
  }
  return handoff;
}

}  // namespace baton::executor
