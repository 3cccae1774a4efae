#include "agents/schema/security_audit.h"

#include <filesystem>

#include "agents/data/test_repo.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::schema {
namespace {

using ::baton::agents::data::CopyDataRepo;
using ::baton::agents::data::WriteFile;
using ::baton::handoff::Finding;
using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> Describe(const AuditReport& report) {
  std::vector<std::string> lines;
  for (const Finding& finding : report.findings) {
    lines.push_back(finding.rule() + " " +
                    Finding::Severity_Name(finding.severity()) + " " +
                    finding.location());
  }
  return lines;
}

TEST(SecurityAuditTest, NewMigrationWithPersonalDataAndSecrets) {
  const std::string repo = CopyDataRepo("audit_run");
  WriteFile(repo, "database/migrations/004_create_customers_table.sql",
            "-- Customers.\n\n-- Up migration\n"
            "CREATE TABLE IF NOT EXISTS customers (\n"
            "  id INTEGER PRIMARY KEY,\n"
            "  email VARCHAR(255) NOT NULL,\n"
            "  phone VARCHAR(20),\n"
            "  card_cvv CHAR(3),\n"
            "  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
            ");\n\n-- Down migration\nDROP TABLE IF EXISTS customers;\n");
  WriteFile(repo, "config/database.env",
            "DATABASE_URL=postgres://shop:Xk9-pQ2_wL@db.internal/shop?sslmode=disable\n");
  AuditOptions options;
  options.root = repo;
  options.agent = "security-auditor";
  options.files = {"database/migrations/004_create_customers_table.sql",
                   "config/database.env", "gone.txt"};
  absl::StatusOr<AuditReport> report = AuditFiles(options);
  ASSERT_THAT(report, IsOk());
  EXPECT_THAT(
      Describe(*report),
      ElementsAre("secret-connection-string BLOCKER config/database.env:1",
                  "plaintext-transport ERROR config/database.env:1",
                  "pii-column WARNING database/migrations/004_create_customers_table.sql:6",
                  "pii-column WARNING database/migrations/004_create_customers_table.sql:7",
                  "pii-forbidden ERROR database/migrations/004_create_customers_table.sql:8"));
  EXPECT_EQ(report->findings[2].message(),
            "customers.email holds personal data (email address)");
  EXPECT_THAT(report->findings[2].fix(), HasSubstr("masking"));
  EXPECT_EQ(report->findings[2].agent(), "security-auditor");
  EXPECT_THAT(report->skipped, ElementsAre("gone.txt (missing)"));
  EXPECT_EQ(report->Summary(),
            "audited 2 files (1 SQL): 3 PII columns, 1 secret, 1 transport "
            "issue; skipped 1");
  // users.email comes from migration 001, which was not audited.
  for (const Finding& finding : report->findings) {
    EXPECT_THAT(finding.message(), ::testing::Not(HasSubstr("users.email")));
  }
}

TEST(SecurityAuditTest, SchemaFilesAreLoadedOnTheirOwn) {
  const std::string repo = CopyDataRepo("audit_schema_files");
  WriteFile(repo, "database/schemas/payments.sql",
            "CREATE TABLE payments (\n  id INTEGER PRIMARY KEY,\n"
            "  order_id INTEGER NOT NULL REFERENCES orders (id),\n"
            "  iban VARCHAR(34),\n  card_last4 CHAR(4)\n);\n"
            "CREATE INDEX idx_payments_order_id ON payments (order_id);\n");
  AuditOptions options;
  options.root = repo;
  options.files = {"database/schemas/payments.sql", "database/schemas/orders.sql"};
  absl::StatusOr<AuditReport> report = AuditFiles(options);
  ASSERT_THAT(report, IsOk());
  EXPECT_THAT(Describe(*report),
              ElementsAre("pii-column WARNING database/schemas/payments.sql:4"));
  EXPECT_THAT(report->findings[0].fix(), HasSubstr("Encrypt it at rest"));
}

TEST(SecurityAuditTest, SqlThatDoesNotLoadIsReportedAndTheRestStillAudited) {
  const std::string repo = CopyDataRepo("audit_bad_sql");
  WriteFile(repo, "database/schemas/broken.sql", "CREATE TABLE broken (id INTEGER,, x);\n");
  WriteFile(repo, "database/schemas/people.sql",
            "CREATE TABLE people (id INTEGER PRIMARY KEY, ssn CHAR(11));\n");
  AuditOptions options;
  options.root = repo;
  options.files = {"database/schemas/broken.sql", "database/schemas/people.sql"};
  absl::StatusOr<AuditReport> report = AuditFiles(options);
  ASSERT_THAT(report, IsOk());
  ASSERT_EQ(report->findings.size(), 2u);
  EXPECT_EQ(report->findings[0].rule(), "sql-not-loaded");
  EXPECT_EQ(report->findings[0].location(), "database/schemas/broken.sql");
  EXPECT_THAT(report->findings[0].message(),
              HasSubstr("database/schemas/broken.sql:1: near \",\": syntax error"));
  EXPECT_EQ(report->findings[1].rule(), "pii-column");
  EXPECT_THAT(report->findings[1].message(), HasSubstr("people.ssn"));
}

TEST(SecurityAuditTest, CleanFilesBinaryFilesAndBadRoots) {
  const std::string repo = CopyDataRepo("audit_clean");
  WriteFile(repo, "blob.bin", std::string("\x7f" "ELF\0\0password=hunter22", 22));
  AuditOptions options;
  options.root = repo;
  options.files = {"database/migrations/003_add_roles_table.sql", "blob.bin"};
  absl::StatusOr<AuditReport> report = AuditFiles(options);
  ASSERT_THAT(report, IsOk());
  EXPECT_THAT(report->findings, IsEmpty());
  EXPECT_THAT(report->skipped, ElementsAre("blob.bin (binary)"));
  EXPECT_EQ(report->Summary(),
            "audited 1 file (1 SQL): no PII columns, no secrets, no plaintext "
            "transport; skipped 1");
  options.root = repo + "/nope";
  EXPECT_THAT(AuditFiles(options),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("is not a folder")));
}

TEST(SecurityAuditTest, CollectsFilesSkippingHiddenFolders) {
  const std::string repo = CopyDataRepo("audit_collect");
  WriteFile(repo, ".git/config", "[core]\n");
  WriteFile(repo, ".baton/runs/x/journal.jsonl", "{}\n");
  WriteFile(repo, "node_modules/pkg/index.js", "x\n");
  absl::StatusOr<std::vector<std::string>> files = CollectAuditFiles(repo);
  ASSERT_THAT(files, IsOk());
  EXPECT_THAT(*files, ::testing::Contains("database/migrations/001_create_users_table.sql"));
  for (const std::string& file : *files) {
    EXPECT_FALSE(file.rfind(".git", 0) == 0 || file.rfind(".baton", 0) == 0 ||
                 file.rfind("node_modules", 0) == 0)
        << file;
  }
  EXPECT_THAT(CollectAuditFiles(repo + "/none"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a folder")));
}

}  // namespace
}  // namespace baton::agents::schema
