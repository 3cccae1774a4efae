#include "tools/nightly/night_history.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/util/json_util.h"

namespace baton::nightly {
namespace {

std::string HistoryPath(const std::string& report_dir) {
  return absl::StrCat(report_dir, "/history.jsonl");
}

bool ParseDay(const std::string& text, absl::CivilDay* day) {
  return absl::ParseCivilTime(text, day);
}

}  // namespace

absl::Status AppendInvocation(const std::string& report_dir, const Invocation& invocation) {
  std::error_code error;
  std::filesystem::create_directories(report_dir, error);
  std::string line;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(invocation, &line, options);
  line += "\n";
  const std::string path = HistoryPath(report_dir);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::InternalError(absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  const ssize_t written = ::write(fd, line.data(), line.size());
  const int saved = errno;
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size())) {
    return absl::InternalError(absl::StrCat("cannot append to ", path, ": ", std::strerror(saved)));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Invocation>> ReadInvocations(const std::string& report_dir) {
  std::ifstream in(HistoryPath(report_dir));
  std::vector<Invocation> invocations;
  std::map<std::pair<int, int64_t>, size_t> position;
  std::string line;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  while (std::getline(in, line)) {
    Invocation invocation;
    if (line.empty() ||
        !google::protobuf::util::JsonStringToMessage(line, &invocation, options).ok()) {
      continue;
    }
    auto key = std::make_pair(invocation.pid(), invocation.started_unix_ms());
    auto it = position.find(key);
    if (it != position.end()) {
      invocations[it->second] = std::move(invocation);
    } else {
      position[key] = invocations.size();
      invocations.push_back(std::move(invocation));
    }
  }
  return invocations;
}

std::vector<MissedNight> FindMissedNights(const std::vector<Invocation>& history,
                                          const std::string& today, int max_nights) {
  absl::CivilDay day;
  if (!ParseDay(today, &day)) return {};
  bool found = false;
  absl::CivilDay latest;
  for (const Invocation& invocation : history) {
    absl::CivilDay date;
    if (!ParseDay(invocation.date(), &date) || date >= day) continue;
    if (!found || date > latest) latest = date;
    found = true;
  }
  if (!found) return {};
  std::vector<MissedNight> missed;
  for (absl::CivilDay date = day - 1; date > latest && static_cast<int>(missed.size()) < max_nights;
       --date) {
    MissedNight night;
    night.set_date(absl::FormatCivilTime(date));
    night.set_reason(absl::StrCat(
        "no nightly ran on this date (the machine was off, or the timer or cron job did not "
        "fire); the last night before it was ",
        absl::FormatCivilTime(latest)));
    missed.insert(missed.begin(), std::move(night));
  }
  return missed;
}

}  // namespace baton::nightly
