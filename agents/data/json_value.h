// Reads JSON text into a google::protobuf::Value, nested as deep as the text
// is. protobuf's own JSON reader stops at 100 levels, which libpg_query's
// parse tree of an ordinary query reaches (`a || b || ...` with ~40 terms
// nests one level per operator, two in JSON).
// Stateless; thread-safe.
#ifndef BATON_AGENTS_DATA_JSON_VALUE_H_
#define BATON_AGENTS_DATA_JSON_VALUE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/struct.pb.h"

namespace baton::agents::data {

// InvalidArgument "JSON: <what> at byte N" when `json` is not one JSON value
// (RFC 8259; numbers become doubles, duplicate keys keep the last), or nests
// deeper than 600 levels.
absl::StatusOr<google::protobuf::Value> JsonToValue(absl::string_view json);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_JSON_VALUE_H_
