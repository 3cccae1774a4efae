#include "tools/nightly/job_ledger.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "executor/atomic_file.h"
#include "executor/digest.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/json_util.h"

namespace baton::nightly {

std::string JobFingerprint(const Job& job, const std::string& head) {
  // The timeout says how long the job may take, not what it works on: a
  // night stopped by its timeout resumes under a longer one.
  Job inputs = job;
  inputs.clear_timeout_seconds();
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    inputs.SerializeToCodedStream(&coded);
  }
  return executor::Sha256Hex(absl::StrCat(bytes, "\nhead:", head));
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

absl::Status WriteJobResult(const std::string& job_dir, const JobReport& report) {
  std::error_code error;
  std::filesystem::create_directories(job_dir, error);
  return executor::WriteFileAtomically(absl::StrCat(job_dir, "/result.json"), ToJson(report));
}

absl::StatusOr<std::optional<JobReport>> ReadJobResult(const std::string& job_dir) {
  const std::string path = absl::StrCat(job_dir, "/result.json");
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::optional<JobReport>();
  absl::StatusOr<std::string> text = executor::ReadFile(path);
  if (!text.ok()) return text.status();
  JobReport report;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  if (!google::protobuf::util::JsonStringToMessage(*text, &report, options).ok()) {
    return absl::DataLossError(absl::StrCat(path, " does not parse as a job result"));
  }
  return std::optional<JobReport>(std::move(report));
}

}  // namespace baton::nightly
