// StagingDatabase on PostgreSQL: a throwaway database created on the
// server of a given URL (CREATE DATABASE baton_stage_<random>) and dropped
// when the object is destroyed. The URL's own database is only connected
// to, never changed. The URL's user needs the CREATEDB privilege.
// Not thread-safe.
#ifndef BATON_AGENTS_DATA_POSTGRES_STAGING_H_
#define BATON_AGENTS_DATA_POSTGRES_STAGING_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "agents/data/postgres_database.h"
#include "agents/data/staging_database.h"

namespace baton::agents::data {

class PostgresStaging : public StagingDatabase {
 public:
  // Creates and connects to a new empty database on `url`'s server.
  // Unavailable when the server cannot be reached; FailedPrecondition when
  // the database cannot be created (e.g. no CREATEDB privilege), naming the
  // URL without its password.
  static absl::StatusOr<std::unique_ptr<PostgresStaging>> Create(
      const std::string& url);

  // Drops the database (WITH (FORCE)); a failure is written to stderr.
  ~PostgresStaging() override;

  SqlDialect dialect() const override { return SqlDialect::kPostgres; }
  std::string Describe() const override;
  absl::Status Exec(absl::string_view sql) override;
  absl::StatusOr<std::vector<SqlRow>> Query(absl::string_view sql) override;
  absl::StatusOr<SchemaSnapshot> Schema() override;
  absl::StatusOr<std::map<std::string, int64_t>> RowCounts() override;
  absl::StatusOr<QueryPlan> Explain(
      absl::string_view query,
      const std::map<std::string, std::string>& aliases) override;
  absl::Status Analyze() override;

  const std::string& database_name() const { return name_; }

 private:
  PostgresStaging(std::string url, std::string name, PostgresDatabase admin,
                  PostgresDatabase db);

  std::string url_;
  std::string name_;
  std::optional<PostgresDatabase> admin_;  // Connected to url_'s database.
  std::optional<PostgresDatabase> db_;     // Connected to name_.
};

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_POSTGRES_STAGING_H_
