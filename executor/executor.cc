#include "executor/executor.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "executor/atomic_file.h"
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

// After a step succeeded its inputs (the request with the whole handoff,
// scratch databases) are only copies of what the checkpoint holds: keep the
// log and the emptied scratch folder alone, so the state directory grows
// linearly with the step count. The scratch folder itself stays: on ext4,
// every inode freed in the last minutes is skipped by each later file
// creation nearby, so removing one folder per step made creating files cost
// more at step 1,000 than at step 100. A failed step keeps everything.
void DropStepInputs(const std::string& step_dir) {
  std::error_code error;
  for (const std::filesystem::directory_entry& entry :
       std::filesystem::directory_iterator(step_dir, error)) {
    const std::filesystem::path name = entry.path().filename();
    if (name == "stderr.log") continue;
    if (name == "scratch" && entry.is_directory(error)) {
      for (const std::filesystem::directory_entry& inner :
           std::filesystem::directory_iterator(entry.path(), error)) {
        std::filesystem::remove_all(inner.path(), error);
      }
      continue;
    }
    std::filesystem::remove_all(entry.path(), error);
  }
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
  if (!run.ok()) return NotStarted(run.status());
  absl::Status created = Populate(*run, std::move(initial), manifest);
  if (!created.ok()) {
    run->Abandon();
    return NotStarted(created);
  }
  return run;
}

absl::Status Executor::NotStarted(absl::Status status) {
  std::string message(status.message());
  if (absl::StrReplaceAll({{kResumeAdvice, kStartAgainAdvice}}, &message) == 0) return status;
  return absl::Status(status.code(), message);
}

absl::Status Executor::Populate(RunDirectory& run, handoff::Handoff initial,
                                const handoff::RunManifest& manifest) {
  absl::Status locked = run.Lock();
  if (!locked.ok()) return locked;
  if (!manifest.run_id().empty()) {
    handoff::RunManifest pinned = manifest;
    pinned.set_format_version(kCheckpointFormat);
    absl::Status written = run.WriteManifest(pinned);
    if (!written.ok()) return written;
  }
  initial.set_protocol_version(kProtocolVersion);
  initial.set_status(handoff::RUN_RUNNING);
  absl::StatusOr<handoff::WorkspaceSnapshot> snapshot = Snapshot(initial);
  if (!snapshot.ok()) return snapshot.status();
  absl::StatusOr<int> written = run.WriteCheckpoint(initial, 0, *snapshot);
  if (!written.ok()) return written.status();
  absl::Status logged = run.AppendEvent(
      Event(handoff::JournalEvent::RUN_STARTED, -1, "",
            absl::StrCat(initial.domain(), " / ", initial.workflow().name(), ": ",
                         initial.request().text())));
  if (!logged.ok()) return logged;
  return run.Publish();
}

absl::StatusOr<handoff::WorkspaceSnapshot> Executor::Snapshot(
    const handoff::Handoff& handoff) {
  if (options_.tracker == nullptr) return handoff::WorkspaceSnapshot();
  std::vector<std::string> paths;
  for (const handoff::Artifact& artifact : handoff.artifacts()) paths.push_back(artifact.path());
  return options_.tracker->Snapshot(paths);
}

Executor::StepExecution Executor::ExecuteStep(RunDirectory& run, const PlannedStep& planned,
                                              const handoff::Handoff& input,
                                              const RequestWindow& window) {
  StepExecution execution;
  const std::string& agent_name = planned.step.agent();
  absl::StatusOr<const AgentSpec*> agent = registry_.Find(agent_name);
  absl::StatusOr<std::string> step_dir =
      agent.ok() ? run.StepDirectory(planned.index, agent_name) : agent.status();
  execution.record.set_index(planned.index);
  execution.record.set_agent(agent_name);
  execution.record.set_note(planned.step.note());
  if (!step_dir.ok()) {
    execution.result = step_dir.status();
    return execution;
  }
  StepPaths paths{options_.workspace, *step_dir, absl::StrCat(*step_dir, "/scratch"),
                  options_.extra_writable_paths};
  execution.step_dir = *step_dir;
  execution.record.set_stderr_log(
      absl::StrCat(step_dir->substr(run.path().size() + 1), "/stderr.log"));

  handoff::AgentRequest request;
  request.set_protocol_version(kProtocolVersion);
  // The request borrows `input` instead of copying it (a 1,000-stage chain
  // would be copied and freed at every step); it is handed back, never
  // freed by the request, when this function returns. Only read meanwhile,
  // also by the other steps of a parallel group.
  request.set_allocated_handoff(const_cast<handoff::Handoff*>(&input));
  struct HandBack {
    handoff::AgentRequest& request;
    ~HandBack() { (void)request.release_handoff(); }
  } hand_back{request};
  window.Describe(request);
  request.mutable_step()->set_index(planned.index);
  request.mutable_step()->set_agent(agent_name);
  request.mutable_step()->set_note(planned.step.note());
  request.mutable_step()->set_workflow(input.workflow().name());
  request.mutable_step()->set_domain(input.domain());
  request.set_workspace(options_.workspace);
  request.set_scratch_dir(paths.scratch_dir);

  absl::BitGen random;
  for (int attempt = 1;; ++attempt) {
    {
      absl::MutexLock lock(&report_mu_);
      progress_.StepStarted(planned, attempt);
      execution.journal_error.Update(run.AppendEvent(
          Event(handoff::JournalEvent::STEP_STARTED, planned.index, agent_name, "")));
    }
    handoff::StepRecord& record = execution.record;
    record.set_attempt(attempt);
    record.set_started_unix_ms(absl::ToUnixMillis(absl::Now()));
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
        execution.result = *std::move(result);
        return execution;
      }
      // Keep what the failed attempt found (baton show, the run's report).
      *record.mutable_findings() = result->findings();
      std::string why = result->error().empty() ? result->summary() : result->error();
      failure = result->outcome() == handoff::AgentResult::TRANSIENT_FAILURE
                    ? absl::UnavailableError(why)
                    : absl::AbortedError(why);
      failure = absl::Status(failure.code(),
                             absl::StrCat("agent ", agent_name, " failed: ", failure.message(),
                                          "; see its log ", paths.step_dir, "/stderr.log"));
    }
    if (failure.code() != absl::StatusCode::kUnavailable || attempt >= (*agent)->max_attempts) {
      execution.result = failure;
      return execution;
    }
    handoff::StepRecord retried = record;
    retried.set_status(handoff::STEP_FAILED);
    retried.set_error(std::string(failure.message()));
    execution.retried.push_back(retried);
    absl::Duration delay = Backoff(options_.retry_base_delay, attempt, random);
    {
      absl::MutexLock lock(&report_mu_);
      progress_.StepRetrying(retried, delay);
      handoff::JournalEvent event = Event(handoff::JournalEvent::STEP_RETRIED, planned.index,
                                          agent_name, retried.error());
      event.set_attempt(attempt);
      execution.journal_error.Update(run.AppendEvent(event));
    }
    absl::SleepFor(delay);
  }
}

absl::Status Executor::MakeProposedCommit(handoff::AgentResult* result,
                                          handoff::StepRecord* record) {
  const handoff::CommitPlan& proposal = result->commit();
  // No proposal, or an agent that made its commit itself.
  if (proposal.paths().empty() || !proposal.commit_id().empty()) return absl::OkStatus();
  if (options_.tracker == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "agent ", record->agent(),
        " proposed a commit, but this run has no git workspace to commit in"));
  }
  absl::StatusOr<WorkspaceTracker::MadeCommit> made = options_.tracker->Commit(proposal);
  if (!made.ok()) {
    return absl::Status(made.status().code(),
                        absl::StrCat("cannot make the commit ", record->agent(),
                                     " proposed: ", made.status().message()));
  }
  const handoff::CommitPlan& commit = made->commit;
  const std::string& message = commit.message();
  const int files = commit.paths_size();
  record->set_summary(absl::StrCat(made->already ? "already committed " : "committed ",
                                   commit.commit_id().substr(0, 7), " on ", commit.branch(),
                                   ": ", message.substr(0, message.find('\n')), " (", files,
                                   files == 1 ? " file)" : " files)"));
  *result->mutable_commit() = commit;
  return absl::OkStatus();
}

absl::Status Executor::FinishStep(StepExecution& execution, handoff::Handoff* handoff) {
  for (const handoff::StepRecord& retried : execution.retried) *handoff->add_steps() = retried;
  handoff::StepRecord& record = execution.record;
  absl::Status outcome = execution.result.status();
  if (outcome.ok()) outcome = MakeProposedCommit(&*execution.result, &record);
  if (outcome.ok()) {
    outcome = MergeResult(*execution.result, record.agent(), options_.workspace, handoff);
  }
  record.set_status(outcome.ok() ? handoff::STEP_SUCCEEDED : handoff::STEP_FAILED);
  if (!outcome.ok()) record.set_error(std::string(outcome.message()));
  if (outcome.ok()) DropStepInputs(execution.step_dir);
  *handoff->add_steps() = record;
  progress_.StepFinished(record);
  if (!execution.journal_error.ok()) return execution.journal_error;
  return outcome;
}

absl::StatusOr<handoff::Handoff> Executor::Advance(RunDirectory& run,
                                                   const AdvanceOptions& options) {
  absl::StatusOr<handoff::Handoff> advanced = AdvanceUnchecked(run, options);
  // A folder deleted under the run makes whatever touched it next fail
  // (a read, a write, an agent's result): name the cause, not the symptom.
  if (!advanced.ok()) return run.ExplainFailure(advanced.status());
  return advanced;
}

absl::StatusOr<handoff::Handoff> Executor::AdvanceUnchecked(RunDirectory& run,
                                                            const AdvanceOptions& options) {
  absl::Status locked = run.Lock();
  if (!locked.ok()) return locked;
  // A corrupt newest checkpoint is moved aside and the run continues from
  // the newest intact one, saying so.
  absl::StatusOr<CheckpointRecovery> recovered = run.RecoverLatestCheckpoint();
  if (!recovered.ok()) return recovered.status();
  for (const std::string& line : recovered->discarded) progress_.CheckpointDiscarded(line);
  const handoff::Checkpoint* checkpoint = &recovered->checkpoint;
  handoff::Handoff handoff = checkpoint->handoff();
  handoff::WorkspaceSnapshot snapshot = checkpoint->workspace();
  const StepPlan plan(handoff.workflow());
  if (plan.Next(handoff) == std::nullopt && handoff.status() == handoff::RUN_SUCCEEDED) {
    return handoff;  // Nothing left to do.
  }
  if (options.restore_workspace && options_.tracker != nullptr) {
    absl::StatusOr<std::vector<std::string>> restored = options_.tracker->Restore(snapshot, checkpoint->exact_restore());
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

    // The not-yet-done steps of this stage: one, or a parallel group that
    // runs concurrently on the same input and merges in declared order.
    std::vector<PlannedStep> group;
    const std::vector<bool> done_mask = plan.DoneMask(handoff);
    for (const PlannedStep& planned : plan.steps()) {
      if (planned.stage == next->stage && planned.step.kind() == domains::ChainStep::AGENT &&
          !done_mask[planned.index]) {
        group.push_back(planned);
      }
    }
    // Nothing runs on a vanished state directory or on a HEAD the run did
    // not put there.
    absl::Status present = run.CheckPresent();
    if (!present.ok()) return present;
    if (options_.tracker != nullptr) {
      absl::Status head = options_.tracker->CheckHead(snapshot);
      if (!head.ok()) return head;
    }
    // Agents see the most recent step records and the stages around the
    // running one only (request_window.h): the rest is set aside while the
    // group runs, so a request costs the same at step 10 and at step 1,000.
    std::vector<StepExecution> executions(group.size());
    {
      const RequestWindow window(&handoff, next->stage);
      if (group.size() == 1) {
        executions[0] = ExecuteStep(run, group[0], handoff, window);
      } else {
        std::vector<std::thread> threads;
        for (size_t i = 0; i < group.size(); ++i) {
          threads.emplace_back(
              [&, i] { executions[i] = ExecuteStep(run, group[i], handoff, window); });
        }
        for (std::thread& thread : threads) thread.join();
      }
    }

    // HEAD moved while the steps ran (not by the run's own commit): their
    // results are not kept, so they run again once HEAD is put back.
    if (options_.tracker != nullptr) {
      absl::Status head = options_.tracker->CheckHead(snapshot);
      if (!head.ok()) {
        for (StepExecution& execution : executions) execution.result = head;
      }
    }
    absl::Status first_failure;
    for (size_t i = 0; i < group.size(); ++i) {
      const PlannedStep& planned = group[i];
      const std::string had_commit = handoff.commit().commit_id();
      absl::Status finished_step = FinishStep(executions[i], &handoff);
      const handoff::StepRecord& record = handoff.steps(handoff.steps_size() - 1);
      if (!finished_step.ok()) {
        absl::Status logged = run.AppendEvent(Event(handoff::JournalEvent::STEP_FAILED,
                                                    planned.index, planned.step.agent(),
                                                    finished_step.message()));
        if (!logged.ok()) return logged;
        if (first_failure.ok()) first_failure = finished_step;
        continue;
      }
      handoff::JournalEvent finished = Event(handoff::JournalEvent::STEP_FINISHED,
                                             planned.index, planned.step.agent(),
                                             record.summary());
      finished.set_duration_ms(record.duration_ms());
      finished.set_attempt(record.attempt());
      if (plan.Next(handoff) == std::nullopt) handoff.set_status(handoff::RUN_SUCCEEDED);
      absl::StatusOr<handoff::WorkspaceSnapshot> taken = Snapshot(handoff);
      if (!taken.ok()) return taken.status();
      // The snapshot reads HEAD afresh: it must still be the commit the run
      // expects (or the one this step made), never one that landed after
      // the check above, or the run would adopt it and commit on top. The
      // step is then not recorded, and runs again once HEAD is put back.
      if (options_.tracker != nullptr) {
        handoff::WorkspaceSnapshot expected = snapshot;
        if (handoff.commit().commit_id() != had_commit) {
          expected.set_head(handoff.commit().commit_id());
        }
        if (taken->head() != expected.head()) {
          absl::Status head = options_.tracker->CheckHead(expected);
          if (!head.ok()) {
            absl::Status logged = run.AppendEvent(Event(handoff::JournalEvent::STEP_FAILED,
                                                        planned.index, planned.step.agent(),
                                                        head.message()));
            if (!logged.ok()) return logged;
            return head;
          }
        }
      }
      snapshot = *std::move(taken);
      absl::StatusOr<int> written =
          run.WriteCheckpoint(handoff, plan.CompletedCount(handoff), snapshot);
      if (!written.ok()) return written.status();
      finished.set_checkpoint(*written);
      absl::Status logged = run.AppendEvent(finished);
      if (!logged.ok()) return logged;
      if (handoff.commit().commit_id() != had_commit) {
        handoff::JournalEvent commit = Event(handoff::JournalEvent::COMMIT_MADE, planned.index,
                                             planned.step.agent(), handoff.commit().message());
        commit.set_commit_id(handoff.commit().commit_id());
        logged = run.AppendEvent(commit);
        if (!logged.ok()) return logged;
      }
    }
    if (!first_failure.ok()) {
      handoff.set_status(handoff::RUN_FAILED);
      // Keep the failure visible (baton show) without losing the checkpoint
      // before the step: it stays on disk under its own number. The files
      // are recorded as of the last successful step.
      absl::StatusOr<int> written =
          run.WriteCheckpoint(handoff, plan.CompletedCount(handoff), snapshot);
      if (!written.ok()) return written.status();
      return first_failure;
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
