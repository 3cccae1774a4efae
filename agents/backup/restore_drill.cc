#include "agents/backup/restore_drill.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "agents/data/postgres_database.h"
#include "executor/subprocess.h"

namespace baton::agents::backup {
namespace {

namespace fs = std::filesystem;

constexpr char kSeedSql[] = R"sql(
CREATE TABLE customers (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  email text,
  created_at timestamptz NOT NULL
);
INSERT INTO customers (name, email, created_at)
SELECT 'Customer ' || g || CASE WHEN g % 7 = 0 THEN ' Müller ☕' ELSE '' END,
       CASE WHEN g % 5 = 0 THEN NULL ELSE 'c' || g || '@example.com' END,
       timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour'
FROM generate_series(1, 200) AS g;
CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers (id),
  total numeric(10, 2) NOT NULL,
  note text
);
INSERT INTO orders (customer_id, total, note)
SELECT 1 + (g % 200), round((g * 13.37)::numeric % 1000, 2),
       CASE WHEN g % 3 = 0 THEN NULL ELSE 'order ' || g END
FROM generate_series(1, 500) AS g;
CREATE TABLE order_events (
  order_id bigint NOT NULL REFERENCES orders (id),
  kind text NOT NULL,
  payload jsonb
);
CREATE INDEX idx_order_events_order_id ON order_events (order_id);
INSERT INTO order_events (order_id, kind, payload)
SELECT 1 + (g % 500), CASE WHEN g % 2 = 0 THEN 'paid' ELSE 'shipped' END,
       jsonb_build_object('seq', g, 'tags', jsonb_build_array('a', g % 4))
FROM generate_series(1, 450) AS g;
)sql";

std::string RandomSuffix() {
  absl::BitGen random;
  return absl::StrFormat("%08x%04x", absl::Uniform<uint32_t>(random),
                         absl::Uniform<uint32_t>(random, 0, 1 << 16));
}

// Drops the drill's databases when it ends, whatever happened.
class DatabaseDropper {
 public:
  explicit DatabaseDropper(data::PostgresDatabase* admin) : admin_(admin) {}
  ~DatabaseDropper() {
    for (const std::string& name : names_) {
      (void)admin_->Exec(absl::StrCat("DROP DATABASE IF EXISTS ", name, " WITH (FORCE)"));
    }
  }
  void Add(const std::string& name) { names_.push_back(name); }

 private:
  data::PostgresDatabase* admin_;
  std::vector<std::string> names_;
};

absl::Status CreateDatabase(data::PostgresDatabase& admin, const std::string& name,
                            const std::string& server_url) {
  absl::Status created =
      admin.Exec(absl::StrCat("CREATE DATABASE ", name, " TEMPLATE template0 ENCODING 'UTF8'"));
  if (!created.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot create the restore drill's database ", name, " on ", data::RedactUrl(server_url),
        ": ", created.message(), " (the drill needs the CREATEDB privilege)"));
  }
  return absl::OkStatus();
}

std::string Tail(const std::string& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.size() > max_bytes) text = "…" + text.substr(text.size() - max_bytes);
  return std::string(absl::StripAsciiWhitespace(text));
}

// Runs `bash script args...`; returns its stdout.
absl::StatusOr<std::string> RunScript(const RestoreDrillOptions& options, const std::string& script,
                                      const std::vector<std::string>& args,
                                      const std::string& log_name) {
  executor::SubprocessOptions run;
  run.argv = {"/bin/bash", script};
  run.argv.insert(run.argv.end(), args.begin(), args.end());
  run.working_dir = options.scratch_dir;
  run.env = {"PATH=/usr/local/bin:/usr/bin:/bin", absl::StrCat("HOME=", options.scratch_dir),
             absl::StrCat("TMPDIR=", options.scratch_dir), "LANG=C.UTF-8", "PGCONNECT_TIMEOUT=10"};
  run.stderr_path = absl::StrCat(options.scratch_dir, "/", log_name);
  run.timeout = options.timeout;
  absl::StatusOr<executor::SubprocessResult> result = executor::RunSubprocess(run);
  if (!result.ok()) return result.status();
  if (result->timed_out || result->term_signal != 0 || result->exit_code != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("bash ", fs::path(script).filename().string(), " failed (",
                     executor::DescribeEnding(*result, run), "): ", Tail(run.stderr_path, 600)));
  }
  return result->stdout_bytes;
}

std::string FirstBytes(const std::string& path, size_t n) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes(n, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(n));
  bytes.resize(static_cast<size_t>(in.gcount()));
  return bytes;
}

absl::StatusOr<std::string> WriteKeyFile(const std::string& dir) {
  std::ifstream random("/dev/urandom", std::ios::binary);
  std::string bytes(32, '\0');
  random.read(bytes.data(), 32);
  if (random.gcount() != 32) return absl::InternalError("cannot read /dev/urandom");
  std::string hex;
  for (unsigned char c : bytes) absl::StrAppendFormat(&hex, "%02x", c);
  const std::string path = dir + "/backup.key";
  {
    std::ofstream out(path, std::ios::trunc);
    out << hex << "\n";
    if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  }
  ::chmod(path.c_str(), 0600);
  return path;
}

absl::Status MakeStaleBackup(const std::string& path, int days_old) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << "Salted__stale backup";
    if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  }
  std::error_code error;
  fs::last_write_time(path, fs::file_time_type::clock::now() - std::chrono::hours(24 * days_old),
                      error);
  if (error) return absl::InternalError(absl::StrCat("cannot age ", path, ": ", error.message()));
  return absl::OkStatus();
}

}  // namespace

std::string UrlWithDatabase(const std::string& url, const std::string& database) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const size_t slash = url.find('/', scheme + 3);
  const size_t query = url.find('?', scheme + 3);
  const std::string base = url.substr(0, std::min(slash, query));
  const std::string tail = query == std::string::npos ? "" : url.substr(query);
  return absl::StrCat(base, "/", database, tail);
}

int64_t RestoreDrillReport::TotalRows() const {
  int64_t rows = 0;
  for (const auto& [table, fingerprint] : source) rows += fingerprint.rows;
  return rows;
}

std::string RestoreDrillReport::Checksums() const {
  std::vector<std::string> parts;
  for (const auto& [table, fingerprint] : restored) {
    parts.push_back(absl::StrCat(table, "=", fingerprint.rows, ":", fingerprint.md5.substr(0, 12)));
  }
  return absl::StrJoin(parts, ",");
}

std::string RestoreDrillReport::Summary() const {
  std::string summary =
      absl::StrCat("backed up ", source.size(), " tables (", TotalRows(), " rows, ", backup_bytes,
                   " encrypted bytes) and restored them into a fresh database: ");
  if (differences.empty()) {
    absl::StrAppend(&summary, "row counts and checksums match");
  } else {
    absl::StrAppend(&summary, differences.size(),
                    " mismatches: ", absl::StrJoin(differences, "; "));
  }
  return summary;
}

absl::StatusOr<RestoreDrillReport> RunRestoreDrill(const RestoreDrillOptions& options) {
  absl::StatusOr<data::PostgresDatabase> admin =
      data::PostgresDatabase::Connect(options.server_url);
  if (!admin.ok()) return admin.status();
  DatabaseDropper dropper(&*admin);
  const std::string suffix = RandomSuffix();
  const std::string source_name = "baton_backup_src_" + suffix;
  const std::string restored_name = "baton_backup_dst_" + suffix;
  const std::string dir = absl::StrCat(options.scratch_dir, "/backup-drill-", suffix);
  const std::string backup_dir = dir + "/backups";
  std::error_code error;
  fs::create_directories(backup_dir, error);
  if (error) {
    return absl::InternalError(absl::StrCat("cannot create ", backup_dir, ": ", error.message()));
  }

  // 1. The source database with seed rows.
  if (absl::Status s = CreateDatabase(*admin, source_name, options.server_url); !s.ok()) {
    return s;
  }
  dropper.Add(source_name);
  RestoreDrillReport report;
  {
    absl::StatusOr<data::PostgresDatabase> source =
        data::PostgresDatabase::Connect(options.server_url, source_name);
    if (!source.ok()) return source.status();
    if (absl::Status s = source->Exec(kSeedSql); !s.ok()) return s;
    absl::StatusOr<DatabaseFingerprint> fingerprint = FingerprintDatabase(*source);
    if (!fingerprint.ok()) return fingerprint.status();
    report.source = *std::move(fingerprint);
  }

  // 2. Stale backups for the retention to act on.
  const std::string old_backup = "backup-20000101T000000Z.dump.enc";
  const std::string recent_backup = "backup-20000102T000000Z.dump.enc";
  if (absl::Status s = MakeStaleBackup(backup_dir + "/" + old_backup, 31); !s.ok()) return s;
  if (absl::Status s = MakeStaleBackup(backup_dir + "/" + recent_backup, 29); !s.ok()) return s;

  // 3. The backup.
  absl::StatusOr<std::string> key_file = WriteKeyFile(dir);
  if (!key_file.ok()) return key_file.status();
  const absl::Time backup_start = absl::Now();
  absl::StatusOr<std::string> backup_out =
      RunScript(options, options.backup_script,
                {"--database", UrlWithDatabase(options.server_url, source_name), "--dir",
                 backup_dir, "--key-file", *key_file},
                "backup-drill-backup.stderr.log");
  if (!backup_out.ok()) return backup_out.status();
  report.backup_time = absl::Now() - backup_start;

  // 4. Encrypted, nothing in plaintext, retention applied.
  std::vector<std::string> lines =
      absl::StrSplit(absl::StripAsciiWhitespace(*backup_out), '\n', absl::SkipEmpty());
  if (lines.empty()) {
    return absl::FailedPreconditionError("backup.sh printed no backup path");
  }
  report.backup_file = std::string(absl::StripAsciiWhitespace(lines.back()));
  if (!fs::is_regular_file(report.backup_file, error)) {
    return absl::FailedPreconditionError(
        absl::StrCat("backup.sh printed ", report.backup_file, " but no such file exists"));
  }
  report.backup_bytes = static_cast<int64_t>(fs::file_size(report.backup_file, error));
  for (const fs::directory_entry& entry : fs::directory_iterator(backup_dir, error)) {
    const std::string name = entry.path().filename().string();
    if (FirstBytes(entry.path().string(), 5) == "PGDMP") {
      return absl::FailedPreconditionError(
          absl::StrCat("the backup folder holds a plaintext pg_dump archive: ", name,
                       " (the dump must be encrypted before it reaches the disk)"));
    }
  }
  if (FirstBytes(report.backup_file, 8) != "Salted__") {
    return absl::FailedPreconditionError(absl::StrCat(
        report.backup_file, " is not an openssl-encrypted file (no \"Salted__\" header)"));
  }
  for (const std::string& name : {old_backup, recent_backup}) {
    (fs::exists(backup_dir + "/" + name) ? report.kept : report.pruned).push_back(name);
  }
  if (report.pruned != std::vector<std::string>{old_backup} ||
      report.kept != std::vector<std::string>{recent_backup}) {
    return absl::FailedPreconditionError(absl::StrCat(
        "retention is wrong: of a 31-day-old and a 29-day-old backup, backup.sh pruned [",
        absl::StrJoin(report.pruned, ", "), "] and kept [", absl::StrJoin(report.kept, ", "),
        "]; backups older than 30 days must go, newer ones stay"));
  }

  // 5. The restore into a fresh database.
  if (absl::Status s = CreateDatabase(*admin, restored_name, options.server_url); !s.ok()) {
    return s;
  }
  dropper.Add(restored_name);
  const absl::Time restore_start = absl::Now();
  absl::StatusOr<std::string> restore_out =
      RunScript(options, options.restore_script,
                {"--file", report.backup_file, "--database",
                 UrlWithDatabase(options.server_url, restored_name), "--key-file", *key_file},
                "backup-drill-restore.stderr.log");
  if (!restore_out.ok()) return restore_out.status();
  report.restore_time = absl::Now() - restore_start;

  // 6. Compare.
  {
    absl::StatusOr<data::PostgresDatabase> restored =
        data::PostgresDatabase::Connect(options.server_url, restored_name);
    if (!restored.ok()) return restored.status();
    absl::StatusOr<DatabaseFingerprint> fingerprint = FingerprintDatabase(*restored);
    if (!fingerprint.ok()) return fingerprint.status();
    report.restored = *std::move(fingerprint);
  }
  report.differences = CompareFingerprints(report.source, report.restored);
  return report;
}

}  // namespace baton::agents::backup
