// A run's state on disk. Everything needed to inspect or resume a run lives
// in its directory, so a crash loses at most the step that was running.
//
//   <runs_root>/<run-id>/
//     checkpoints/000000.pb   Checkpoint protos (run_state.proto), one per
//     checkpoints/000001.pb   completed step; the highest is the current one
//     journal.jsonl           append-only JournalEvents, one JSON object a line
//                             (not fsynced: checkpoints are the durable part)
//     steps/<NN>-<agent>/     stderr.log and scratch/ (emptied after a success;
//                             a failed step keeps it and its request.pb)
//     lock                    held (flock) by the process advancing the run
//
// Thread-safety: one RunDirectory per thread; the lock keeps other processes
// from advancing the same run.
#ifndef BATON_EXECUTOR_RUN_DIRECTORY_H_
#define BATON_EXECUTOR_RUN_DIRECTORY_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "executor/handoff.pb.h"
#include "executor/run_state.pb.h"

namespace baton::executor {

// The checkpoint format this Baton writes. Formats 1..kCheckpointFormat load:
// 1 = every checkpoint holds the full handoff; 2 = delta checkpoints (see
// run_state.proto), reassembled on read; 3 = format 2 plus a SHA-256 of the
// file's bytes at its end (payload_sha256), checked on every read.
inline constexpr uint32_t kCheckpointFormat = 3;

// What RecoverLatestCheckpoint found: the newest intact checkpoint, and one
// line per corrupt newer checkpoint it moved aside (empty when none).
struct CheckpointRecovery {
  handoff::Checkpoint checkpoint;
  std::vector<std::string> discarded;
};

class RunDirectory {
 public:
  // Creates the run under a hidden temporary name (<runs_root>/.<run_id>.new)
  // so that a crash before Publish() leaves no half-made run behind.
  // AlreadyExists when the run exists already.
  static absl::StatusOr<RunDirectory> Create(const std::string& runs_root,
                                             absl::string_view run_id);

  // Renames a created run to <runs_root>/<run_id> (atomically, then syncs
  // the folder). Until then Open does not find it.
  absl::Status Publish();
  // Deletes a created run that was never published (its start failed), so
  // nothing of it is left. Does nothing to a published run.
  void Abandon();
  // Opens an existing run. NotFound names the folder searched.
  static absl::StatusOr<RunDirectory> Open(const std::string& runs_root,
                                           absl::string_view run_id);

  RunDirectory(RunDirectory&& other) noexcept;
  RunDirectory& operator=(RunDirectory&& other) noexcept;
  RunDirectory(const RunDirectory&) = delete;
  RunDirectory& operator=(const RunDirectory&) = delete;
  ~RunDirectory();

  const std::string& path() const { return path_; }
  const std::string& run_id() const { return run_id_; }

  // Takes the advance lock (non-blocking). FailedPrecondition
  // "run X is being advanced by pid N" when another process holds it.
  absl::Status Lock();

  // run.pb: written once at the start (durably), read on resume.
  absl::Status WriteManifest(const handoff::RunManifest& manifest);
  // NotFound for a run without one; DataLoss when it cannot be parsed.
  absl::StatusOr<handoff::RunManifest> ReadManifest() const;

  // Writes the next checkpoint durably; returns its sequence number. It is
  // a delta against the previous checkpoint when the handoff only appended
  // step records and findings since; `full` (edits) and `exact_restore`
  // (rewind, fork) always write the whole handoff.
  absl::StatusOr<int> WriteCheckpoint(const handoff::Handoff& handoff,
                                      int completed_steps,
                                      const handoff::WorkspaceSnapshot& workspace = {},
                                      bool exact_restore = false, bool full = false);

  // Checkpoint `sequence`, with its handoff reassembled in full. NotFound
  // when there is no such checkpoint; DataLoss when it (or a checkpoint it
  // builds on) is corrupt.
  absl::StatusOr<handoff::Checkpoint> ReadCheckpoint(int sequence) const;
  // Sequence numbers present, ascending.
  std::vector<int> CheckpointSequences() const;
  // The highest-numbered checkpoint. NotFound when there is none;
  // DataLoss when it cannot be parsed; FailedPrecondition for a format
  // newer than this Baton.
  absl::StatusOr<handoff::Checkpoint> LatestCheckpoint() const;

  // The newest checkpoint that reads back intact, for advancing a run. Each
  // newer one that is corrupt (checksum mismatch, truncated, unparsable, or
  // building on a corrupt one: DataLoss) is renamed to
  // checkpoints/NNNNNN.pb.corrupt-<unix ms> (kept for inspection, no longer
  // part of the run), journaled as CHECKPOINT_DISCARDED and described in
  // `discarded`; the steps after the checkpoint returned run again. Takes
  // the lock. FailedPrecondition without checkpoints (a published run always
  // has one: its folder was deleted or emptied); DataLoss (nothing renamed) when
  // none is intact; FailedPrecondition for a format newer than this Baton.
  absl::StatusOr<CheckpointRecovery> RecoverLatestCheckpoint();

  // FailedPrecondition "the state directory of run X (<path>) was deleted
  // ..." when the run's folder is gone (removed while the run advanced).
  absl::Status CheckPresent() const;
  // `failure` of an operation on this run, or CheckPresent's error when the
  // folder is gone. A failure that reads like a missing file ("No such
  // file or directory", NotFound) may come from an `rm -rf` still under
  // way (it removes the files before their folders): the folder is then
  // watched for up to 200 ms before `failure` is returned as it is.
  absl::Status ExplainFailure(absl::Status failure) const;

  // Appends one event (run_id and time are filled in).
  absl::Status AppendEvent(handoff::JournalEvent event);

  // steps/<NN>-<agent>/ (created), holding stderr.log and scratch/.
  // Never re-creates a deleted run folder (CheckPresent's error).
  absl::StatusOr<std::string> StepDirectory(int index, absl::string_view agent);

 private:
  RunDirectory(std::string path, std::string run_id);

  // The checkpoint file as stored (a delta stays a delta).
  absl::StatusOr<handoff::Checkpoint> ReadStored(int sequence) const;
  // The error for checkpoint `sequence`, listed or seen a moment ago, gone
  // when read: the folder is being deleted (rm -rf removes the files before
  // the folders, so CheckPresent may still pass).
  absl::Status Vanished(int sequence) const;
  // CheckPresent's error when the folder is gone, else `failure` (OK stays OK).
  absl::Status DeletedOr(absl::Status failure) const;

  std::string path_;
  std::string run_id_;
  int lock_fd_ = -1;
  // What the last checkpoint written through this object held, to write the
  // next one as a delta without reading it back.
  int last_sequence_ = -1;
  int last_steps_ = 0;
  int last_findings_ = 0;
};

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_RUN_DIRECTORY_H_
