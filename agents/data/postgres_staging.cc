#include "agents/data/postgres_staging.h"

#include <iostream>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "agents/data/postgres_schema.h"

namespace baton::agents::data {

absl::StatusOr<std::unique_ptr<PostgresStaging>> PostgresStaging::Create(
    const std::string& url) {
  absl::StatusOr<PostgresDatabase> admin = PostgresDatabase::Connect(url);
  if (!admin.ok()) return admin.status();
  absl::BitGen random;
  const std::string name =
      absl::StrFormat("baton_stage_%08x%04x", absl::Uniform<uint32_t>(random),
                      absl::Uniform<uint32_t>(random, 0, 1 << 16));
  // template0 never has connections, so concurrent creations cannot fail on
  // a busy template.
  absl::Status created = admin->Exec(absl::StrCat(
      "CREATE DATABASE ", name, " TEMPLATE template0 ENCODING 'UTF8'"));
  if (!created.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot create a throwaway staging database on ", RedactUrl(url), ": ",
        created.message(),
        " (Baton stages on its own database and needs the CREATEDB "
        "privilege; it never changes the URL's database)"));
  }
  absl::StatusOr<PostgresDatabase> db = PostgresDatabase::Connect(url, name);
  if (!db.ok()) {
    (void)admin->Exec(absl::StrCat("DROP DATABASE IF EXISTS ", name));
    return db.status();
  }
  return std::unique_ptr<PostgresStaging>(
      new PostgresStaging(url, name, *std::move(admin), *std::move(db)));
}

PostgresStaging::PostgresStaging(std::string url, std::string name,
                                 PostgresDatabase admin, PostgresDatabase db)
    : url_(std::move(url)),
      name_(std::move(name)),
      admin_(std::move(admin)),
      db_(std::move(db)) {}

PostgresStaging::~PostgresStaging() {
  db_.reset();  // Disconnect before dropping.
  const std::string drop =
      absl::StrCat("DROP DATABASE IF EXISTS ", name_, " WITH (FORCE)");
  absl::Status dropped = admin_->Exec(drop);
  if (!dropped.ok()) {
    // The admin connection may have died; try once more on a new one.
    absl::StatusOr<PostgresDatabase> again = PostgresDatabase::Connect(url_);
    dropped = again.ok() ? again->Exec(drop) : again.status();
  }
  if (!dropped.ok()) {
    std::cerr << "baton: could not drop staging database " << name_ << ": "
              << dropped.message() << "\n";
  }
}

std::string PostgresStaging::Describe() const {
  return absl::StrCat("PostgreSQL database ", name_, " on ", db_->server());
}

absl::Status PostgresStaging::Exec(absl::string_view sql) {
  return db_->Exec(sql);
}

absl::StatusOr<std::vector<SqlRow>> PostgresStaging::Query(
    absl::string_view sql) {
  return db_->Query(sql);
}

absl::StatusOr<SchemaSnapshot> PostgresStaging::Schema() {
  return TakePostgresSchemaSnapshot(*db_);
}

absl::StatusOr<std::map<std::string, int64_t>> PostgresStaging::RowCounts() {
  return CountPostgresRows(*db_);
}

absl::StatusOr<QueryPlan> PostgresStaging::Explain(
    absl::string_view query, const std::map<std::string, std::string>&) {
  absl::StatusOr<std::vector<SqlRow>> rows = db_->Query(
      absl::StrCat("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ", query));
  if (!rows.ok()) return rows.status();
  if (rows->empty() || rows->front().empty() || !rows->front()[0].has_value()) {
    return absl::InternalError("EXPLAIN returned no plan");
  }
  return ParsePostgresPlan(*rows->front()[0]);
}

absl::Status PostgresStaging::Analyze() { return db_->Exec("ANALYZE"); }

}  // namespace baton::agents::data
