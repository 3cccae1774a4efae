#include "tools/nightly/nightly_config.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "re2/re2.h"

namespace baton::nightly {
namespace {

namespace fs = std::filesystem;
using google::protobuf::TextFormat;

class Collector : public google::protobuf::io::ErrorCollector {
 public:
  Collector(const std::string& file, std::vector<std::string>* problems)
      : file_(file), problems_(problems) {}
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    problems_->push_back(absl::StrCat(file_, ":", line + 1, ":", column + 1, ": ", message));
  }
  // Unknown fields arrive as warnings; they are problems all the same.
  void AddWarning(int line, google::protobuf::io::ColumnNumber column,
                  const std::string& message) override {
    AddError(line, column, message);
  }

 private:
  const std::string& file_;
  std::vector<std::string>* problems_;
};

bool IsPostgres(absl::string_view url) {
  return absl::StartsWith(url, "postgres://") || absl::StartsWith(url, "postgresql://");
}

std::string Absolute(const std::string& path, const fs::path& base) {
  if (path.empty()) return path;
  fs::path p(path);
  if (p.is_absolute()) return p.lexically_normal().string();
  return (base / p).lexically_normal().string();
}

// The problem with `job`, or "".
std::string CheckJob(const Job& job) {
  static const RE2 kName("[A-Za-z0-9._-]+");
  if (job.name().empty()) return "has no name";
  if (!RE2::FullMatch(job.name(), kName) || job.name() == "." || job.name() == "..") {
    return "name may hold only letters, digits, '.', '_' and '-'";
  }
  if (job.repo().empty()) return "has no repo";
  if (job.timeout_seconds() < 0) return "timeout_seconds must not be negative";
  if (!job.staging().empty() && job.staging() != "sqlite" && !IsPostgres(job.staging())) {
    return absl::StrCat("staging \"", job.staging(), "\" is neither sqlite nor a postgres:// URL");
  }
  switch (job.kind()) {
    case Job::KIND_UNSPECIFIED:
    case Job::WORKFLOW:
      if (job.request().empty() && (job.domain().empty() || job.workflow().empty())) {
        return "a workflow job needs a request, or a domain and a workflow";
      }
      if (!job.workflow().empty() && job.domain().empty()) return "workflow needs domain as well";
      break;
    case Job::SLOW_QUERIES:
      if (!IsPostgres(job.stats_url())) {
        return "a SLOW_QUERIES job needs stats_url: the postgres:// URL of the database "
               "whose pg_stat_statements is read";
      }
      if (job.slow_query_count() < 0) return "slow_query_count must not be negative";
      break;
    case Job::LINT_SCHEMA:
    case Job::VERIFY_MIGRATIONS:
    case Job::SECURITY_AUDIT:
      break;
    default:
      return absl::StrCat("unknown kind ", static_cast<int>(job.kind()));
  }
  return "";
}

}  // namespace

std::string KindName(Job::Kind kind) {
  if (kind == Job::KIND_UNSPECIFIED) kind = Job::WORKFLOW;
  return Job::Kind_Name(kind);
}

absl::StatusOr<NightlyConfig> ParseNightlyConfig(absl::string_view text,
                                                 const std::string& path) {
  std::vector<std::string> problems;
  Collector collector(path, &problems);
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  TextFormat::ParseInfoTree locations;
  parser.WriteLocationsTo(&locations);
  NightlyConfig config;
  if (!parser.ParseFromString(std::string(text), &config) || !problems.empty()) {
    if (problems.empty()) problems.push_back(absl::StrCat(path, ": cannot parse"));
    return absl::InvalidArgumentError(absl::StrJoin(problems, "\n"));
  }

  const google::protobuf::FieldDescriptor* job_field =
      NightlyConfig::descriptor()->FindFieldByName("job");
  std::set<std::string> names;
  for (int i = 0; i < config.job_size(); ++i) {
    const Job& job = config.job(i);
    std::string problem = CheckJob(job);
    if (problem.empty() && !names.insert(job.name()).second) problem = "is named twice";
    if (!problem.empty()) {
      const int line = locations.GetLocation(job_field, i).line + 1;
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line, ": job \"", job.name(), "\" ", problem));
    }
  }
  if (!config.overlap().empty() && config.overlap() != "skip" && config.overlap() != "queue" &&
      config.overlap() != "replace") {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": overlap \"", config.overlap(), "\" is not one of skip, queue, replace"));
  }
  if (config.parallel() < 0 || config.overlap_wait_seconds() < 0 ||
      config.default_timeout_seconds() < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": parallel, overlap_wait_seconds and default_timeout_seconds must not be "
              "negative"));
  }

  // Defaults, and absolute paths.
  const fs::path base = fs::absolute(fs::path(path)).parent_path();
  if (config.report_dir().empty()) config.set_report_dir("nightly-reports");
  config.set_report_dir(Absolute(config.report_dir(), base));
  if (config.parallel() == 0) config.set_parallel(kDefaultParallel);
  if (config.overlap().empty()) config.set_overlap("skip");
  if (config.overlap_wait_seconds() == 0) {
    config.set_overlap_wait_seconds(kDefaultOverlapWaitSeconds);
  }
  if (config.default_timeout_seconds() == 0) {
    config.set_default_timeout_seconds(kDefaultTimeoutSeconds);
  }
  for (Job& job : *config.mutable_job()) {
    if (job.kind() == Job::KIND_UNSPECIFIED) job.set_kind(Job::WORKFLOW);
    if (job.branch_policy() == Job::BRANCH_POLICY_UNSPECIFIED) {
      job.set_branch_policy(Job::REVIEW_BRANCH);
    }
    if (job.timeout_seconds() == 0) job.set_timeout_seconds(config.default_timeout_seconds());
    if (job.staging().empty()) job.set_staging("sqlite");
    if (job.kind() == Job::SLOW_QUERIES) {
      if (job.slow_query_count() == 0) job.set_slow_query_count(kDefaultSlowQueryCount);
      if (job.staging() == "sqlite") job.set_staging(job.stats_url());
    }
    job.set_repo(Absolute(job.repo(), base));
    job.set_agents_file(Absolute(job.agents_file(), base));
    job.set_state_dir(Absolute(job.state_dir(), base));
  }
  return config;
}

absl::StatusOr<NightlyConfig> LoadNightlyConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read the nightly config ", path));
  std::ostringstream text;
  text << in.rdbuf();
  return ParseNightlyConfig(text.str(), path);
}

}  // namespace baton::nightly
