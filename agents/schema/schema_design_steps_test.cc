// The Database Schema Design steps called in chain order on a copy of the
// fixture repository, each given the handoff the previous ones produced (as
// the executor would merge it).
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "agents/data/test_repo.h"
#include "agents/schema/audit_step.h"
#include "agents/schema/design_step.h"
#include "agents/schema/migration_step.h"
#include "agents/schema/schema_lint.h"
#include "agents/schema/schema_loader.h"
#include "agents/schema/spec_step.h"
#include "executor/handoff.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::schema {
namespace {

using ::baton::agents::data::CopyDataRepo;
using ::baton::agents::data::ReadFile;
using ::baton::agents::data::WriteFile;
using ::baton::handoff::AgentRequest;
using ::baton::handoff::AgentResult;
using ::baton::handoff::Finding;
using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class SchemaDesignStepsTest : public ::testing::Test {
 protected:
  void Start(const std::string& repo, const std::string& text) {
    request_ = AgentRequest();
    request_.set_workspace(repo);
    request_.set_scratch_dir(absl::StrCat(std::getenv("TEST_TMPDIR"), "/scratch_",
                                          ::testing::UnitTest::GetInstance()
                                              ->current_test_info()
                                              ->name()));
    request_.mutable_handoff()->mutable_request()->set_text(text);
    request_.mutable_step()->set_workflow("Database Schema Design");
  }

  // Merges `result` as the executor would: artifacts, findings, facts.
  void Merge(const AgentResult& result) {
    handoff::Handoff* handoff = request_.mutable_handoff();
    for (const auto& artifact : result.artifacts()) *handoff->add_artifacts() = artifact;
    for (const auto& finding : result.findings()) *handoff->add_findings() = finding;
    for (const auto& [key, value] : result.facts()) (*handoff->mutable_facts())[key] = value;
  }

  absl::StatusOr<AgentResult> Run(
      absl::StatusOr<AgentResult> (*step)(const AgentRequest&), const std::string& agent) {
    request_.mutable_step()->set_agent(agent);
    absl::StatusOr<AgentResult> result = step(request_);
    if (result.ok()) Merge(*result);
    return result;
  }

  std::vector<std::string> ArtifactPaths(const AgentResult& result) {
    std::vector<std::string> paths;
    for (const auto& artifact : result.artifacts()) paths.push_back(artifact.path());
    return paths;
  }

  AgentRequest request_;
};

TEST_F(SchemaDesignStepsTest, UsersAndOrdersOnTheFixture) {
  const std::string repo = CopyDataRepo("steps_users_orders");
  Start(repo, "Design database schema for users and orders");

  absl::StatusOr<AgentResult> spec = Run(SchemaSpecStep, "spec-manager");
  ASSERT_THAT(spec, IsOk());
  const std::string spec_path =
      "database/specs/design-database-schema-for-users-and-orders.md";
  EXPECT_THAT(ArtifactPaths(*spec), ElementsAre(spec_path));
  EXPECT_EQ(spec->summary(),
            absl::StrCat("wrote ", spec_path,
                         ": design orders; reuse users; 1 relationship"));
  const std::string spec_text = ReadFile(repo, spec_path);
  EXPECT_THAT(spec_text, HasSubstr("| users | existing: reused, not recreated |"));
  EXPECT_THAT(spec_text, HasSubstr("| orders | planned: definition adopted |"));
  EXPECT_THAT(spec_text, HasSubstr("Each order belongs to a user (orders.user_id -> "
                                   "users.id, required)"));
  EXPECT_EQ(spec->facts().at("schema.new_tables"), "orders");

  absl::StatusOr<AgentResult> design = Run(SchemaDesignStep, "systems-architect");
  ASSERT_THAT(design, IsOk());
  EXPECT_THAT(ArtifactPaths(*design),
              ElementsAre("database/schemas/orders.sql", "database/schemas/erd.md"));
  EXPECT_THAT(design->findings(), IsEmpty());
  const std::string ddl = ReadFile(repo, "database/schemas/orders.sql");
  EXPECT_THAT(ddl, HasSubstr("CREATE TABLE IF NOT EXISTS orders (\n"
                             "  id INTEGER PRIMARY KEY,\n"
                             "  user_id INTEGER NOT NULL REFERENCES users (id),\n"
                             "  status VARCHAR(20) NOT NULL DEFAULT 'pending',\n"
                             "  total DECIMAL(10,2) NOT NULL,\n"
                             "  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
                             "  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
                             ");\n"));
  EXPECT_THAT(ddl, HasSubstr("CREATE INDEX IF NOT EXISTS idx_orders_user_id ON orders (user_id);"));
  const std::string erd = ReadFile(repo, "database/schemas/erd.md");
  EXPECT_THAT(erd, HasSubstr("```mermaid\nerDiagram\n"));
  EXPECT_THAT(erd, HasSubstr("users ||--o{ orders : \"user_id\""));
  EXPECT_THAT(erd, HasSubstr("users ||--o{ user_roles : \"user_id\""));
  EXPECT_THAT(erd, HasSubstr("DECIMAL total \"NOT NULL\""));

  absl::StatusOr<AgentResult> migrate = Run(SchemaMigrationStep, "infrastructure-specialist");
  ASSERT_THAT(migrate, IsOk());
  EXPECT_THAT(ArtifactPaths(*migrate),
              ElementsAre("database/migrations/004_create_orders_table.sql"));
  EXPECT_THAT(migrate->summary(), HasSubstr("4 migrations up→down→up on SQLite"));
  const std::string migration =
      ReadFile(repo, "database/migrations/004_create_orders_table.sql");
  EXPECT_THAT(migration, HasSubstr("-- Up migration\nCREATE TABLE IF NOT EXISTS orders ("));
  EXPECT_THAT(migration, HasSubstr("-- Down migration\nDROP INDEX IF EXISTS "
                                   "idx_orders_user_id;\nDROP TABLE IF EXISTS orders;\n"));

  absl::StatusOr<AgentResult> audit = Run(SecurityAuditStep, "security-auditor");
  ASSERT_THAT(audit, IsOk());
  // Spec, DDL, ERD and migration; orders holds no personal data.
  EXPECT_EQ(audit->summary(),
            "audited 4 files (2 SQL): no PII columns, no secrets, no plaintext transport");
  EXPECT_THAT(audit->findings(), IsEmpty());

  // The migrated schema lints clean for orders.
  absl::StatusOr<LoadedSchema> schema = LoadMigrationSchema(repo);
  ASSERT_THAT(schema, IsOk());
  LintOptions lint;
  lint.tables = {"orders"};
  EXPECT_THAT(LintSchema(*schema, lint), IsEmpty());
}

TEST_F(SchemaDesignStepsTest, NewTablesWithPersonalDataAndSoftDelete) {
  const std::string repo = CopyDataRepo("steps_customers");
  Start(repo, "Design database schema for customers (email, phone, date of birth) "
              "and invoices with soft delete");
  ASSERT_THAT(Run(SchemaSpecStep, "spec-manager"), IsOk());
  absl::StatusOr<AgentResult> design = Run(SchemaDesignStep, "systems-architect");
  ASSERT_THAT(design, IsOk());
  EXPECT_THAT(ArtifactPaths(*design),
              ElementsAre("database/schemas/customers.sql", "database/schemas/invoices.sql",
                          "database/schemas/erd.md"));
  const std::string customers = ReadFile(repo, "database/schemas/customers.sql");
  EXPECT_THAT(customers, HasSubstr("  email VARCHAR(255) NOT NULL,\n"));
  EXPECT_THAT(customers, HasSubstr("  date_of_birth DATE,\n"));
  EXPECT_THAT(customers, HasSubstr("  deleted_at TIMESTAMP NULL\n"));
  EXPECT_THAT(customers, HasSubstr("CREATE UNIQUE INDEX IF NOT EXISTS idx_customers_email"));
  const std::string invoices = ReadFile(repo, "database/schemas/invoices.sql");
  EXPECT_THAT(invoices, HasSubstr("customer_id INTEGER NOT NULL REFERENCES customers (id) "
                                  "ON DELETE RESTRICT"));
  EXPECT_THAT(invoices, HasSubstr("amount_due DECIMAL(10,2) NOT NULL CHECK (amount_due >= 0)"));

  absl::StatusOr<AgentResult> migrate = Run(SchemaMigrationStep, "infrastructure-specialist");
  ASSERT_THAT(migrate, IsOk());
  EXPECT_THAT(ArtifactPaths(*migrate),
              ElementsAre("database/migrations/004_create_customers_table.sql",
                          "database/migrations/005_create_invoices_table.sql"));

  absl::StatusOr<AgentResult> audit = Run(SecurityAuditStep, "security-auditor");
  ASSERT_THAT(audit, IsOk());
  std::vector<std::string> pii;
  for (const Finding& finding : audit->findings()) {
    EXPECT_EQ(finding.severity(), Finding::WARNING) << finding.message();
    EXPECT_EQ(finding.agent(), "security-auditor");
    pii.push_back(finding.message());
  }
  EXPECT_THAT(pii, ElementsAre("customers.email holds personal data (email address)",
                               "customers.name holds personal data (personal name)",
                               "customers.phone holds personal data (phone number)",
                               "customers.date_of_birth holds personal data (date of birth)"));
  EXPECT_THAT(audit->findings(0).location(),
              HasSubstr("database/migrations/004_create_customers_table.sql:"));
}

TEST_F(SchemaDesignStepsTest, RepositoryWithoutDatabaseFolderGetsTheCardLayout) {
  const std::string repo = absl::StrCat(std::getenv("TEST_TMPDIR"), "/empty_repo");
  std::filesystem::remove_all(repo);
  WriteFile(repo, "README.md", "# An app with no database yet\n");
  Start(repo, "Design database schema for products with line items");
  ASSERT_THAT(Run(SchemaSpecStep, "spec-manager"), IsOk());
  absl::StatusOr<AgentResult> design = Run(SchemaDesignStep, "systems-architect");
  ASSERT_THAT(design, IsOk());
  // line items belong to orders, which belong to users: both are added.
  EXPECT_THAT(ArtifactPaths(*design),
              ElementsAre("database/schemas/products.sql", "database/schemas/users.sql",
                          "database/schemas/orders.sql", "database/schemas/line_items.sql",
                          "database/schemas/erd.md"));
  absl::StatusOr<AgentResult> migrate = Run(SchemaMigrationStep, "infrastructure-specialist");
  ASSERT_THAT(migrate, IsOk());
  EXPECT_THAT(ArtifactPaths(*migrate),
              ElementsAre("database/migrations/001_create_products_table.sql",
                          "database/migrations/002_create_users_table.sql",
                          "database/migrations/003_create_orders_table.sql",
                          "database/migrations/004_create_line_items_table.sql"));
  EXPECT_THAT(migrate->summary(), HasSubstr("4 migrations up→down→up on SQLite"));
}

TEST_F(SchemaDesignStepsTest, DiagramOnlyDrawsTheExistingSchema) {
  const std::string repo = CopyDataRepo("steps_erd");
  Start(repo, "Create ERD");
  absl::StatusOr<AgentResult> spec = Run(SchemaSpecStep, "spec-manager");
  ASSERT_THAT(spec, IsOk());
  EXPECT_THAT(spec->summary(), HasSubstr("diagram of the 3 existing tables"));
  absl::StatusOr<AgentResult> design = Run(SchemaDesignStep, "systems-architect");
  ASSERT_THAT(design, IsOk());
  EXPECT_THAT(ArtifactPaths(*design), ElementsAre("database/schemas/erd.md"));
  EXPECT_THAT(ReadFile(repo, "database/schemas/erd.md"),
              HasSubstr("roles ||--o{ user_roles : \"role_id\""));
  absl::StatusOr<AgentResult> migrate = Run(SchemaMigrationStep, "infrastructure-specialist");
  ASSERT_THAT(migrate, IsOk());
  EXPECT_EQ(migrate->summary(), "the design creates no table: nothing to migrate");
  EXPECT_THAT(migrate->artifacts(), IsEmpty());
}

TEST_F(SchemaDesignStepsTest, BadInput) {
  const std::string repo = CopyDataRepo("steps_bad");
  Start(repo, "Design database schema");
  EXPECT_THAT(SchemaSpecStep(request_), StatusIs(absl::StatusCode::kInvalidArgument,
                                                 HasSubstr("names nothing to design")));
  WriteFile(repo, "database/schemas/orders.sql", "CREATE TABLE orders (id INTEGER,, x);\n");
  Start(repo, "Design database schema for users and orders");
  EXPECT_THAT(SchemaSpecStep(request_),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("database/schemas/orders.sql:1: near \",\": syntax error")));
  const std::string empty = absl::StrCat(std::getenv("TEST_TMPDIR"), "/no_schema");
  std::filesystem::remove_all(empty);
  WriteFile(empty, "README.md", "x\n");
  Start(empty, "Create ERD");
  EXPECT_THAT(SchemaSpecStep(request_),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("there is no schema to draw")));
}

TEST_F(SchemaDesignStepsTest, MigrationStepRefusesDdlChangedAfterDesign) {
  const std::string repo = CopyDataRepo("steps_tampered");
  Start(repo, "Design database schema for users and orders");
  ASSERT_THAT(Run(SchemaSpecStep, "spec-manager"), IsOk());
  ASSERT_THAT(Run(SchemaDesignStep, "systems-architect"), IsOk());
  WriteFile(repo, "database/schemas/orders.sql", "CREATE TABLE orders (id INTEGER);\n");
  EXPECT_THAT(SchemaMigrationStep(request_),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("database/schemas/orders.sql changed since "
                                 "systems-architect wrote it")));
}

TEST_F(SchemaDesignStepsTest, AuditorBlocksSecretsInChangedFiles) {
  const std::string repo = CopyDataRepo("steps_secret");
  Start(repo, "Design database schema for users and orders");
  *request_.mutable_handoff()->mutable_request()->add_files() = "config/db.env";
  WriteFile(repo, "config/db.env", "DATABASE_URL=postgres://app:Zq8-wLm2@db/prod\n");
  absl::StatusOr<AgentResult> audit = SecurityAuditStep(request_);
  ASSERT_THAT(audit, IsOk());
  ASSERT_EQ(audit->findings_size(), 1);
  EXPECT_EQ(audit->findings(0).severity(), Finding::BLOCKER);
  EXPECT_EQ(audit->findings(0).location(), "config/db.env:1");
  EXPECT_THAT(audit->summary(), HasSubstr("the commit is blocked"));
  EXPECT_EQ(audit->facts().at("security.secrets"), "1");
}

}  // namespace
}  // namespace baton::agents::schema
