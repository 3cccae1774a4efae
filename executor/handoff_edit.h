// Hand edits of a run's handoff (`baton edit`): parse the protobuf text
// format a person edited, apply `--set path=value` assignments, and check
// that the result is still a handoff of the same run before it replaces the
// checkpoint.
#ifndef BATON_EXECUTOR_HANDOFF_EDIT_H_
#define BATON_EXECUTOR_HANDOFF_EDIT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "executor/handoff.pb.h"

namespace baton::executor {

// The handoff as protobuf text format, for an editor.
std::string HandoffToText(const handoff::Handoff& handoff);

// Parses text format. InvalidArgument "line L column C: <problem>".
absl::StatusOr<handoff::Handoff> HandoffFromText(absl::string_view text);

// Applies "path=value": path is dotted field names from the handoff
// (`request.text`, `staging.url`, `commit.message`), a map key after the
// map field (`facts.migration.table=users`), or a repeated message element
// by index (`findings.0.severity=INFO`). Enums take their names.
// InvalidArgument naming the path and what is wrong.
absl::Status ApplyAssignment(absl::string_view assignment, handoff::Handoff* handoff);

// The edit keeps the run's identity: protocol version, run id, domain,
// workflow and the step history unchanged; artifact paths stay relative and
// inside the workspace. InvalidArgument naming the first violation.
absl::Status ValidateEdit(const handoff::Handoff& before, const handoff::Handoff& after);

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_HANDOFF_EDIT_H_
