// The `json` agent protocol: AgentRequest and AgentResult (executor/
// handoff.proto) in the proto3 JSON mapping, so that a script in any
// language can be an agent. Baton writes field names as handoff.proto spells
// them (`protocol_version`, `scratch_dir`), every field present, enums by
// name; when reading, lowerCamelCase names are accepted too, and unknown
// fields are errors.
// Thread-safety: stateless functions.
#ifndef BATON_EXECUTOR_JSON_PROTOCOL_H_
#define BATON_EXECUTOR_JSON_PROTOCOL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "executor/handoff.pb.h"
#include "google/protobuf/message.h"

namespace baton::executor {

// `message` (an AgentRequest or a Handoff) as indented JSON.
std::string MessageToAgentJson(const google::protobuf::Message& message);

// Parses the JSON an agent printed. InvalidArgument messages, each naming
// `agent`:
//   "agent A wrote malformed JSON: <reason> at line L, column C (near `...`)"
//   "agent A wrote a JSON result with an unknown field at <path> ..."
//   "agent A wrote a JSON result with a bad value at <path>: <why>"
//   "agent A wrote nothing on stdout; ..." / "... without \"outcome\" ..."
// where <path> is like `findings[1].message`. Does not check the protocol
// version (the caller does).
absl::StatusOr<handoff::AgentResult> ParseJsonAgentResult(absl::string_view json,
                                                          absl::string_view agent);

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_JSON_PROTOCOL_H_
