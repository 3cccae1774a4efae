#include "executor/handoff_edit.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"

namespace baton::executor {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

class FirstError : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (error.empty()) error = absl::StrCat("line ", line + 1, " column ", column + 1, ": ", message);
  }
  std::string error;
};

absl::Status SetScalar(Message* message, const FieldDescriptor* field,
                       absl::string_view value, absl::string_view path) {
  const Reflection* reflection = message->GetReflection();
  auto bad = [&](absl::string_view what) {
    return absl::InvalidArgumentError(
        absl::StrCat("--set ", path, ": \"", value, "\" is not ", what));
  };
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      reflection->SetString(message, field, std::string(value));
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t number;
      if (!absl::SimpleAtoi(value, &number)) return bad("a number");
      reflection->SetInt32(message, field, number);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t number;
      if (!absl::SimpleAtoi(value, &number)) return bad("a number");
      reflection->SetInt64(message, field, number);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t number;
      if (!absl::SimpleAtoi(value, &number)) return bad("a number");
      reflection->SetUInt32(message, field, number);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      double number;
      if (!absl::SimpleAtod(value, &number)) return bad("a number");
      reflection->SetDouble(message, field, number);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      bool flag;
      if (!absl::SimpleAtob(value, &flag)) return bad("true or false");
      reflection->SetBool(message, field, flag);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* enum_value = field->enum_type()->FindValueByName(std::string(value));
      if (enum_value == nullptr) return bad(absl::StrCat("a ", field->enum_type()->name(), " name"));
      reflection->SetEnum(message, field, enum_value);
      return absl::OkStatus();
    }
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("--set ", path, ": ", field->name(), " is a message; name one of its fields"));
  }
}

}  // namespace

std::string HandoffToText(const handoff::Handoff& handoff) {
  std::string text;
  google::protobuf::TextFormat::PrintToString(handoff, &text);
  return text;
}

absl::StatusOr<handoff::Handoff> HandoffFromText(absl::string_view text) {
  google::protobuf::TextFormat::Parser parser;
  FirstError errors;
  parser.RecordErrorsTo(&errors);
  handoff::Handoff handoff;
  if (!parser.ParseFromString(std::string(text), &handoff)) {
    return absl::InvalidArgumentError(errors.error.empty() ? "cannot parse the handoff" : errors.error);
  }
  return handoff;
}

absl::Status ApplyAssignment(absl::string_view assignment, handoff::Handoff* handoff) {
  size_t eq = assignment.find('=');
  if (eq == absl::string_view::npos || eq == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--set takes path=value, got \"", assignment, "\""));
  }
  absl::string_view path = assignment.substr(0, eq);
  absl::string_view value = assignment.substr(eq + 1);
  std::vector<std::string> parts = absl::StrSplit(path, '.');
  Message* message = handoff;
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* field = message->GetDescriptor()->FindFieldByName(parts[i]);
    if (field == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("--set ", path, ": ",
                                                     message->GetDescriptor()->name(),
                                                     " has no field \"", parts[i], "\""));
    }
    const Reflection* reflection = message->GetReflection();
    if (field->is_map()) {
      if (i + 1 >= parts.size()) {
        return absl::InvalidArgumentError(absl::StrCat("--set ", path, ": name a key after ", parts[i]));
      }
      std::string key = absl::StrJoin(parts.begin() + i + 1, parts.end(), ".");
      if (field->message_type()->field(1)->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
        return absl::InvalidArgumentError(absl::StrCat("--set ", path, ": only string maps"));
      }
      // Maps are repeated entries; replace an existing key or add one.
      for (int k = 0; k < reflection->FieldSize(*message, field); ++k) {
        Message* entry = reflection->MutableRepeatedMessage(message, field, k);
        const Reflection* entry_reflection = entry->GetReflection();
        if (entry_reflection->GetString(*entry, entry->GetDescriptor()->field(0)) == key) {
          entry_reflection->SetString(entry, entry->GetDescriptor()->field(1), std::string(value));
          return absl::OkStatus();
        }
      }
      Message* entry = reflection->AddMessage(message, field);
      entry->GetReflection()->SetString(entry, entry->GetDescriptor()->field(0), key);
      entry->GetReflection()->SetString(entry, entry->GetDescriptor()->field(1), std::string(value));
      return absl::OkStatus();
    }
    if (field->is_repeated()) {
      int index = -1;
      if (i + 1 >= parts.size() || !absl::SimpleAtoi(parts[i + 1], &index) || index < 0 ||
          index >= reflection->FieldSize(*message, field) ||
          field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
        return absl::InvalidArgumentError(absl::StrCat(
            "--set ", path, ": ", parts[i], " is a list of ", reflection->FieldSize(*message, field),
            "; name an element by index, e.g. ", parts[i], ".0.<field>"));
      }
      message = reflection->MutableRepeatedMessage(message, field, index);
      ++i;
      continue;
    }
    if (i + 1 == parts.size()) return SetScalar(message, field, value, path);
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      return absl::InvalidArgumentError(absl::StrCat("--set ", path, ": ", parts[i], " has no fields"));
    }
    message = reflection->MutableMessage(message, field);
  }
  return absl::InvalidArgumentError(absl::StrCat("--set ", path, ": incomplete path"));
}

absl::Status ValidateEdit(const handoff::Handoff& before, const handoff::Handoff& after) {
  using google::protobuf::util::MessageDifferencer;
  if (before.protocol_version() != after.protocol_version()) {
    return absl::InvalidArgumentError("the edit changes protocol_version; leave it as it is");
  }
  if (before.run_id() != after.run_id()) {
    return absl::InvalidArgumentError("the edit changes run_id; fork the run instead");
  }
  if (before.domain() != after.domain() ||
      !MessageDifferencer::Equals(before.workflow(), after.workflow())) {
    return absl::InvalidArgumentError(
        "the edit changes the domain or workflow; start a new run with --domain/--workflow instead");
  }
  if (before.steps_size() != after.steps_size()) {
    return absl::InvalidArgumentError("the edit adds or removes step records; rewind the run instead");
  }
  for (int i = 0; i < before.steps_size(); ++i) {
    if (!MessageDifferencer::Equals(before.steps(i), after.steps(i))) {
      return absl::InvalidArgumentError(
          absl::StrCat("the edit changes the record of step ", i, "; the history is read-only"));
    }
  }
  for (const handoff::Artifact& artifact : after.artifacts()) {
    const std::string& path = artifact.path();
    bool climbs = false;
    for (absl::string_view part : absl::StrSplit(path, '/')) climbs = climbs || part == "..";
    if (path.empty() || path[0] == '/' || climbs) {
      return absl::InvalidArgumentError(
          absl::StrCat("artifact path \"", path, "\" must be relative to the workspace, without '..'"));
    }
  }
  return absl::OkStatus();
}

}  // namespace baton::executor
