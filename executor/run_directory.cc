#include "executor/run_directory.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "executor/atomic_file.h"
#include "executor/digest.h"
#include "google/protobuf/util/json_util.h"

namespace baton::executor {
namespace {

namespace fs = std::filesystem;

std::string CheckpointName(int sequence) {
  return absl::StrFormat("%06d.pb", sequence);
}

// Format 3's checksum trailer: field 12 (payload_sha256, length-delimited)
// holding 64 hex digits, always the file's last bytes.
constexpr char kChecksumTag[] = "\x62\x40";
constexpr size_t kChecksumTrailer = 2 + 64;

// DataLoss when `bytes` (a parsed checkpoint file) does not end with a
// trailer matching the SHA-256 of what precedes it.
absl::Status VerifyChecksum(const std::string& file, const std::string& bytes,
                            const handoff::Checkpoint& checkpoint) {
  if (bytes.size() < kChecksumTrailer ||
      bytes.compare(bytes.size() - kChecksumTrailer, 2, kChecksumTag, 2) != 0 ||
      checkpoint.payload_sha256().size() != 64 ||
      bytes.compare(bytes.size() - 64, 64, checkpoint.payload_sha256()) != 0) {
    return absl::DataLossError(absl::StrCat(
        "checkpoint ", file, " is corrupt: its checksum is missing (a truncated file?)"));
  }
  std::string actual =
      Sha256Hex(absl::string_view(bytes).substr(0, bytes.size() - kChecksumTrailer));
  if (actual != checkpoint.payload_sha256()) {
    return absl::DataLossError(absl::StrCat(
        "checkpoint ", file, " is corrupt: its contents hash to sha256 ", actual.substr(0, 12),
        ", it was written as ", checkpoint.payload_sha256().substr(0, 12)));
  }
  return absl::OkStatus();
}

// Sequence numbers of the checkpoint files present, ascending.
std::vector<int> ListCheckpointSequences(const std::string& dir) {
  std::vector<int> sequences;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, error)) {
    std::string name = entry.path().filename().string();
    int sequence = 0;
    if (name.size() == 9 && name.substr(6) == ".pb" &&
        absl::SimpleAtoi(name.substr(0, 6), &sequence)) {
      sequences.push_back(sequence);
    }
  }
  std::sort(sequences.begin(), sequences.end());
  return sequences;
}

}  // namespace

RunDirectory::RunDirectory(std::string path, std::string run_id)
    : path_(std::move(path)), run_id_(std::move(run_id)) {}

RunDirectory::RunDirectory(RunDirectory&& other) noexcept
    : path_(std::move(other.path_)),
      run_id_(std::move(other.run_id_)),
      lock_fd_(std::exchange(other.lock_fd_, -1)),
      last_sequence_(other.last_sequence_),
      last_steps_(other.last_steps_),
      last_findings_(other.last_findings_) {}

RunDirectory& RunDirectory::operator=(RunDirectory&& other) noexcept {
  if (this != &other) {
    if (lock_fd_ >= 0) ::close(lock_fd_);
    path_ = std::move(other.path_);
    run_id_ = std::move(other.run_id_);
    lock_fd_ = std::exchange(other.lock_fd_, -1);
    last_sequence_ = other.last_sequence_;
    last_steps_ = other.last_steps_;
    last_findings_ = other.last_findings_;
  }
  return *this;
}

RunDirectory::~RunDirectory() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

absl::StatusOr<RunDirectory> RunDirectory::Create(const std::string& runs_root,
                                                  absl::string_view run_id) {
  if (fs::exists(absl::StrCat(runs_root, "/", run_id))) {
    return absl::AlreadyExistsError(absl::StrCat("run folder exists: ", runs_root, "/", run_id));
  }
  std::string path = absl::StrCat(runs_root, "/.", run_id, ".new");
  std::error_code error;
  fs::remove_all(path, error);  // Left by a crash during an earlier start.
  absl::Status made = MakeDirectories(absl::StrCat(path, "/checkpoints"));
  if (made.ok()) made = MakeDirectories(absl::StrCat(path, "/steps"));
  if (!made.ok()) {
    fs::remove_all(path, error);
    return made;
  }
  return RunDirectory(path, std::string(run_id));
}

void RunDirectory::Abandon() {
  const std::string hidden =
      absl::StrCat(fs::path(path_).parent_path().string(), "/.", run_id_, ".new");
  if (path_ != hidden) return;
  if (lock_fd_ >= 0) ::close(std::exchange(lock_fd_, -1));
  std::error_code error;
  fs::remove_all(path_, error);
}

absl::Status RunDirectory::Publish() {
  std::string final_path =
      absl::StrCat(fs::path(path_).parent_path().string(), "/", run_id_);
  if (path_ == final_path) return absl::OkStatus();
  if (::rename(path_.c_str(), final_path.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("cannot publish run ", run_id_, " as ", final_path));
  }
  path_ = final_path;
  int dir = ::open(fs::path(path_).parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return absl::OkStatus();
}

absl::StatusOr<RunDirectory> RunDirectory::Open(const std::string& runs_root,
                                                absl::string_view run_id) {
  std::string path = absl::StrCat(runs_root, "/", run_id);
  if (run_id.empty() || !fs::is_directory(absl::StrCat(path, "/checkpoints"))) {
    return absl::NotFoundError(absl::StrCat("no run \"", run_id, "\" under ",
                                            runs_root));
  }
  return RunDirectory(path, std::string(run_id));
}

absl::Status RunDirectory::Lock() {
  if (lock_fd_ >= 0) return absl::OkStatus();
  std::string lock_path = absl::StrCat(path_, "/lock");
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    absl::Status present = CheckPresent();
    if (!present.ok()) return present;
    return absl::InternalError(absl::StrCat("cannot open ", lock_path));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char holder[32] = {0};
    ssize_t n = ::pread(fd, holder, sizeof(holder) - 1, 0);
    ::close(fd);
    std::string pid = n > 0 ? std::string(holder, static_cast<size_t>(n)) : "?";
    return absl::FailedPreconditionError(absl::StrCat(
        "run ", run_id_, " is being advanced by pid ", pid,
        " (wait for it to finish, or stop that process)"));
  }
  std::string pid = absl::StrCat(::getpid());
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    const int error = errno;
    ::close(fd);
    if (error == ENOSPC || error == EDQUOT) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "no space left on device writing ", lock_path,
          ": free space on that filesystem, ", kResumeAdvice));
    }
    return absl::InternalError(absl::StrCat("cannot write ", lock_path, ": ", std::strerror(error)));
  }
  lock_fd_ = fd;
  return absl::OkStatus();
}

absl::Status RunDirectory::WriteManifest(const handoff::RunManifest& manifest) {
  return WriteFileAtomically(absl::StrCat(path_, "/run.pb"), manifest.SerializeAsString());
}

absl::StatusOr<handoff::RunManifest> RunDirectory::ReadManifest() const {
  std::string file = absl::StrCat(path_, "/run.pb");
  absl::StatusOr<std::string> bytes = ReadFile(file);
  if (!bytes.ok()) return DeletedOr(bytes.status());
  handoff::RunManifest manifest;
  if (!manifest.ParseFromString(*bytes)) {
    return absl::DataLossError(absl::StrCat(file, " is corrupt"));
  }
  return manifest;
}

std::vector<int> RunDirectory::CheckpointSequences() const {
  return ListCheckpointSequences(absl::StrCat(path_, "/checkpoints"));
}

absl::StatusOr<int> RunDirectory::WriteCheckpoint(const handoff::Handoff& handoff,
                                                  int completed_steps,
                                                  const handoff::WorkspaceSnapshot& workspace,
                                                  bool exact_restore, bool full) {
  // This handle wrote the latest checkpoint when its file exists and no
  // later one does: two stats instead of listing a folder that grows with
  // the run (a 1,000-step run would list 1,000 names per step).
  std::vector<int> sequences;
  const std::string checkpoints = absl::StrCat(path_, "/checkpoints/");
  struct stat info;
  if (last_sequence_ >= 0 &&
      ::stat((checkpoints + CheckpointName(last_sequence_)).c_str(), &info) == 0 &&
      ::stat((checkpoints + CheckpointName(last_sequence_ + 1)).c_str(), &info) != 0) {
    sequences.push_back(last_sequence_);
  } else {
    sequences = CheckpointSequences();
  }
  const int sequence = sequences.empty() ? 0 : sequences.back() + 1;
  if (!sequences.empty() && last_sequence_ != sequences.back()) {
    // Another process (or handle) wrote the latest one: learn its shape.
    absl::StatusOr<handoff::Checkpoint> latest = ReadCheckpoint(sequences.back());
    if (latest.ok()) {
      last_sequence_ = sequences.back();
      last_steps_ = latest->handoff().steps_size();
      last_findings_ = latest->handoff().findings_size();
    } else {
      last_sequence_ = -1;
    }
  }
  handoff::Checkpoint checkpoint;
  checkpoint.set_format_version(kCheckpointFormat);
  checkpoint.set_sequence(sequence);
  checkpoint.set_completed_steps(completed_steps);
  checkpoint.set_written_unix_ms(absl::ToUnixMillis(absl::Now()));
  checkpoint.set_exact_restore(exact_restore);
  *checkpoint.mutable_workspace() = workspace;
  handoff::Handoff* stored = checkpoint.mutable_handoff();
  // The route, chain and standards are fixed for a run; a handoff whose
  // ones changed (an edit) is written in full.
  const bool delta = !full && !exact_restore && last_sequence_ >= 0 &&
                     last_sequence_ == sequence - 1 && handoff.steps_size() >= last_steps_ &&
                     handoff.findings_size() >= last_findings_;
  if (delta) {
    // Copy all but the history and the parts fixed for the whole run (the
    // chain, route and standards, which grow with the chain's length), then
    // only the history's new tail.
    stored->set_protocol_version(handoff.protocol_version());
    stored->set_run_id(handoff.run_id());
    if (handoff.has_request()) *stored->mutable_request() = handoff.request();
    stored->set_domain(handoff.domain());
    stored->set_domain_card_sha256(handoff.domain_card_sha256());
    *stored->mutable_artifacts() = handoff.artifacts();
    if (handoff.has_commit()) *stored->mutable_commit() = handoff.commit();
    *stored->mutable_facts() = handoff.facts();
    stored->set_status(handoff.status());
    if (handoff.has_staging()) *stored->mutable_staging() = handoff.staging();
    if (handoff.has_source()) *stored->mutable_source() = handoff.source();
    for (int i = last_steps_; i < handoff.steps_size(); ++i) *stored->add_steps() = handoff.steps(i);
    for (int i = last_findings_; i < handoff.findings_size(); ++i) {
      *stored->add_findings() = handoff.findings(i);
    }
    checkpoint.set_delta(true);
    checkpoint.set_parent(last_sequence_);
    checkpoint.set_steps_base(last_steps_);
    checkpoint.set_findings_base(last_findings_);
  } else {
    *stored = handoff;
  }
  absl::Status present = CheckPresent();
  if (!present.ok()) return present;
  std::string bytes = checkpoint.SerializeAsString();
  absl::StrAppend(&bytes, absl::string_view(kChecksumTag, 2), Sha256Hex(bytes));
  absl::Status written = WriteFileAtomically(
      absl::StrCat(path_, "/checkpoints/", CheckpointName(sequence)), bytes);
  // Deleted between the check above and the write: say so, not ENOENT.
  if (!written.ok()) return DeletedOr(written);
  last_sequence_ = sequence;
  last_steps_ = handoff.steps_size();
  last_findings_ = handoff.findings_size();
  return sequence;
}

absl::StatusOr<handoff::Checkpoint> RunDirectory::LatestCheckpoint() const {
  std::vector<int> sequences = CheckpointSequences();
  if (sequences.empty()) {
    return DeletedOr(absl::NotFoundError(
        absl::StrCat("run ", run_id_, " has no checkpoint in ", path_, "/checkpoints")));
  }
  absl::StatusOr<handoff::Checkpoint> latest = ReadCheckpoint(sequences.back());
  if (absl::IsNotFound(latest.status())) return Vanished(sequences.back());  // Listed above.
  return latest;
}

absl::Status RunDirectory::Vanished(int sequence) const {
  absl::Status present = CheckPresent();
  if (!present.ok()) return present;
  return absl::FailedPreconditionError(absl::StrCat(
      "checkpoint ", path_, "/checkpoints/", CheckpointName(sequence),
      " disappeared while it was being read: the state directory of run ", run_id_,
      " was deleted (or changed by hand) while the run was advancing; Baton stopped without "
      "running or committing anything more. Start the request again (and remove the run's "
      "worktree with `git worktree remove`, if it had one)"));
}

absl::StatusOr<handoff::Checkpoint> RunDirectory::ReadStored(int sequence) const {
  std::string file = absl::StrCat(path_, "/checkpoints/", CheckpointName(sequence));
  if (!fs::exists(file)) {
    return absl::NotFoundError(absl::StrCat("run ", run_id_, " has no checkpoint ", sequence));
  }
  absl::StatusOr<std::string> bytes = ReadFile(file);
  if (absl::IsNotFound(bytes.status())) return Vanished(sequence);  // Existed a moment ago.
  if (!bytes.ok()) return bytes.status();
  handoff::Checkpoint checkpoint;
  if (!checkpoint.ParseFromString(*bytes)) {
    return absl::DataLossError(
        absl::StrCat("checkpoint ", file, " is corrupt: it does not parse"));
  }
  // A flipped bit may hit the format number too: a checksum present is
  // always checked, and format 3 must have one.
  if (!checkpoint.payload_sha256().empty() || checkpoint.format_version() >= 3) {
    absl::Status intact = VerifyChecksum(file, *bytes, checkpoint);
    if (!intact.ok()) return intact;
    checkpoint.clear_payload_sha256();
  }
  if (checkpoint.format_version() == 0 || checkpoint.format_version() > kCheckpointFormat) {
    return absl::FailedPreconditionError(absl::StrCat(
        "checkpoint ", file, " has format ", checkpoint.format_version(),
        "; this Baton reads formats 1..", kCheckpointFormat, " (upgrade Baton)"));
  }
  if (checkpoint.delta() && (checkpoint.parent() >= sequence || checkpoint.parent() < 0)) {
    return absl::DataLossError(absl::StrCat("checkpoint ", file, " names a bad parent"));
  }
  return checkpoint;
}

absl::StatusOr<handoff::Checkpoint> RunDirectory::ReadCheckpoint(int sequence) const {
  // Walk back to the nearest full checkpoint, then replay the tails forward.
  std::vector<handoff::Checkpoint> chain;
  for (int at = sequence;;) {
    absl::StatusOr<handoff::Checkpoint> stored = ReadStored(at);
    if (!stored.ok()) {
      // Listed, then deleted with its folder before it was read: DeletedOr.
      if (at != sequence && absl::IsNotFound(stored.status())) {
        return DeletedOr(absl::DataLossError(absl::StrCat(
            "checkpoint ", sequence, " of run ", run_id_, " builds on checkpoint ", at,
            ", which is gone")));
      }
      return DeletedOr(stored.status());
    }
    const bool delta = stored->delta();
    const int parent = stored->parent();
    chain.push_back(*std::move(stored));
    if (!delta) break;
    at = parent;
  }
  handoff::Checkpoint result = std::move(chain.back());
  for (int i = static_cast<int>(chain.size()) - 2; i >= 0; --i) {
    handoff::Checkpoint& next = chain[i];
    const handoff::Handoff& base = result.handoff();
    if (next.steps_base() > base.steps_size() || next.findings_base() > base.findings_size()) {
      return absl::DataLossError(absl::StrCat("checkpoint ", next.sequence(), " of run ", run_id_,
                                              " does not fit the checkpoint it builds on"));
    }
    handoff::Handoff merged = next.handoff();
    merged.clear_steps();
    merged.clear_findings();
    if (base.has_route()) *merged.mutable_route() = base.route();
    if (base.has_workflow()) *merged.mutable_workflow() = base.workflow();
    *merged.mutable_standards() = base.standards();
    for (int k = 0; k < next.steps_base(); ++k) *merged.add_steps() = base.steps(k);
    for (const handoff::StepRecord& step : next.handoff().steps()) *merged.add_steps() = step;
    for (int k = 0; k < next.findings_base(); ++k) *merged.add_findings() = base.findings(k);
    for (const handoff::Finding& finding : next.handoff().findings()) {
      *merged.add_findings() = finding;
    }
    *next.mutable_handoff() = std::move(merged);
    result = std::move(next);
  }
  result.set_delta(false);
  result.clear_parent();
  result.clear_steps_base();
  result.clear_findings_base();
  return result;
}

absl::StatusOr<CheckpointRecovery> RunDirectory::RecoverLatestCheckpoint() {
  absl::Status present = CheckPresent();
  if (!present.ok()) return present;
  absl::Status locked = Lock();
  if (!locked.ok()) return locked;
  std::vector<int> sequences = CheckpointSequences();
  if (sequences.empty()) {
    // A published run always has checkpoint 0: its folder is being removed.
    return absl::FailedPreconditionError(absl::StrCat(
        "run ", run_id_, " has no checkpoint in ", path_,
        "/checkpoints: its state directory was deleted or emptied; start the request again"));
  }
  std::vector<std::pair<int, std::string>> corrupt;
  CheckpointRecovery recovery;
  bool found = false;
  for (auto it = sequences.rbegin(); it != sequences.rend() && !found; ++it) {
    absl::StatusOr<handoff::Checkpoint> read = ReadCheckpoint(*it);
    if (read.ok()) {
      recovery.checkpoint = *std::move(read);
      found = true;
    } else if (absl::IsNotFound(read.status())) {
      return Vanished(*it);  // Listed above.
    } else if (absl::IsDataLoss(read.status())) {
      corrupt.emplace_back(*it, std::string(read.status().message()));
    } else {
      return read.status();
    }
  }
  // A checkpoint listed above and gone now (or a delta's parent gone) is
  // a folder being deleted, not corruption.
  if (!corrupt.empty()) {
    for (int sequence : sequences) {
      if (!fs::exists(absl::StrCat(path_, "/checkpoints/", CheckpointName(sequence)))) {
        return Vanished(sequence);
      }
    }
  }
  if (!found) {
    return absl::DataLossError(absl::StrCat(
        "every checkpoint of run ", run_id_, " in ", path_, "/checkpoints is corrupt (newest: ",
        corrupt.front().second, "); the run cannot be resumed: start the request again"));
  }
  for (const auto& [sequence, why] : corrupt) {
    std::string file = absl::StrCat(path_, "/checkpoints/", CheckpointName(sequence));
    std::string aside =
        absl::StrCat(file, ".corrupt-", absl::ToUnixMillis(absl::Now()));
    if (::rename(file.c_str(), aside.c_str()) != 0) {
      return absl::InternalError(absl::StrCat("cannot move corrupt checkpoint ", file,
                                              " aside to ", aside));
    }
    std::string line = absl::StrCat(
        why, "; moved it aside to ", aside, " and continue run ", run_id_, " from checkpoint ",
        recovery.checkpoint.sequence(), " (the steps after it run again)");
    handoff::JournalEvent event;
    event.set_type(handoff::JournalEvent::CHECKPOINT_DISCARDED);
    event.set_checkpoint(sequence);
    event.set_message(line);
    absl::Status logged = AppendEvent(event);
    if (!logged.ok()) return logged;
    recovery.discarded.push_back(std::move(line));
  }
  if (!corrupt.empty()) last_sequence_ = -1;  // Learn the shape again.
  return recovery;
}

absl::Status RunDirectory::CheckPresent() const {
  if (fs::is_directory(absl::StrCat(path_, "/checkpoints"))) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "the state directory of run ", run_id_, " (", path_,
      ") was deleted while the run was advancing; Baton stopped without running or "
      "committing anything more. Start the request again (and remove the run's "
      "worktree with `git worktree remove`, if it had one)"));
}

absl::Status RunDirectory::DeletedOr(absl::Status failure) const {
  if (failure.ok()) return failure;
  absl::Status present = CheckPresent();
  return present.ok() ? failure : present;
}

absl::Status RunDirectory::ExplainFailure(absl::Status failure) const {
  if (failure.ok()) return failure;
  const bool missing_file = absl::IsNotFound(failure) ||
                            absl::StrContains(failure.message(), "No such file or directory");
  const absl::Time deadline = absl::Now() + absl::Milliseconds(200);
  for (;;) {
    absl::Status explained = DeletedOr(failure);
    if (explained != failure || !missing_file || absl::Now() >= deadline) return explained;
    absl::SleepFor(absl::Milliseconds(10));
  }
}

absl::Status RunDirectory::AppendEvent(handoff::JournalEvent event) {
  event.set_run_id(run_id_);
  event.set_time_unix_ms(absl::ToUnixMillis(absl::Now()));
  std::string line;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  if (!google::protobuf::util::MessageToJsonString(event, &line, options).ok()) {
    return absl::InternalError("cannot encode journal event");
  }
  // Not fsynced: checkpoints are the durable record of a run; a crash may
  // cost the journal its last lines, never a checkpoint.
  absl::Status appended = AppendLine(absl::StrCat(path_, "/journal.jsonl"), line, /*sync=*/false);
  return DeletedOr(appended);
}

absl::StatusOr<std::string> RunDirectory::StepDirectory(int index,
                                                        absl::string_view agent) {
  absl::Status present = CheckPresent();
  if (!present.ok()) return present;
  std::string dir = absl::StrFormat("%s/steps/%02d-%s", path_, index, agent);
  absl::Status made = MakeDirectories(absl::StrCat(dir, "/scratch"));
  if (!made.ok()) return made;
  return dir;
}

}  // namespace baton::executor
