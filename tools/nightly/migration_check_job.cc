#include "tools/nightly/migration_check_job.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "agents/data/migration_verifier.h"
#include "tools/nightly/check_span.h"

namespace baton::nightly {

void RunMigrationCheckJob(const Job& job, const JobContext& context, JobReport* report) {
  CheckSpan span("verify-migrations", report);
  agents::data::VerifierOptions options;
  options.repo_root = job.repo();
  options.scratch_dir = absl::StrCat(context.job_dir, "/scratch");
  options.staging_kind = job.staging() == "sqlite" ? "sqlite" : "postgres";
  if (options.staging_kind == "postgres") options.staging_url = job.staging();
  absl::StatusOr<agents::data::VerificationReport> verified =
      agents::data::VerifyMigrations(options);
  std::error_code error;
  std::filesystem::remove_all(options.scratch_dir, error);
  if (!verified.ok()) {
    span.Fail(std::string(verified.status().message()));
    return;
  }
  span.Succeed(verified->Summary());
}

}  // namespace baton::nightly
