// The Backup & Recovery steps called directly (no executor): the
// infrastructure-specialist's kit and restore drill on a real PostgreSQL,
// and the security-auditor's review of the kit as written and as edited.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "agents/backup/backup_audit_step.h"
#include "agents/backup/backup_scripts.h"
#include "agents/backup/backup_step.h"
#include "executor/handoff.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/postgres/test_database.h"
#include "testing/status_matchers.h"

namespace baton::agents::backup {
namespace {

namespace fs = std::filesystem;
using ::baton::testing::StatusIs;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string TestDir(const std::string& leaf) {
  const std::string dir =
      absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                   ::testing::UnitTest::GetInstance()->current_test_info()->name(), "/", leaf);
  fs::create_directories(dir);
  return dir;
}

handoff::AgentRequest Request(const std::string& workspace, const std::string& kind,
                              const std::string& url, const std::string& agent) {
  handoff::AgentRequest request;
  request.set_workspace(workspace);
  request.set_scratch_dir(TestDir("scratch"));
  request.mutable_step()->set_agent(agent);
  request.mutable_handoff()->mutable_request()->set_text("Set up automated backups");
  request.mutable_handoff()->mutable_staging()->set_kind(kind);
  request.mutable_handoff()->mutable_staging()->set_url(url);
  return request;
}

// A workspace holding the generated kit, with `edit` applied to backup.sh,
// and an audit request naming the kit's files as artifacts.
handoff::AgentRequest AuditRequestForKit(
    const std::vector<std::pair<std::string, std::string>>& edit) {
  const std::string workspace = TestDir("workspace");
  handoff::AgentRequest request = Request(workspace, "postgres", "", "security-auditor");
  for (const GeneratedFile& file : GenerateBackupKit({})) {
    fs::create_directories(fs::path(workspace + "/" + file.path).parent_path());
    std::ofstream(workspace + "/" + file.path)
        << (file.path == kBackupScript ? absl::StrReplaceAll(file.text, edit) : file.text);
    request.mutable_handoff()->add_artifacts()->set_path(file.path);
  }
  return request;
}

std::vector<std::string> Blockers(const handoff::AgentResult& result) {
  std::vector<std::string> rules;
  for (const handoff::Finding& finding : result.findings()) {
    if (finding.severity() == handoff::Finding::BLOCKER) {
      rules.push_back(finding.rule() + "@" + finding.location());
    }
  }
  return rules;
}

class BackupSetupStepTest : public baton::testing::PostgresTest {};

TEST_F(BackupSetupStepTest, WritesTheKitAndProvesItWithARealRestore) {
  const std::string workspace = TestDir("workspace");
  absl::StatusOr<handoff::AgentResult> result =
      BackupSetupStep(Request(workspace, "postgres", database_url(), "infrastructure-specialist"));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_THAT(result->summary(), HasSubstr("wrote 5 files to database/backup/"));
  EXPECT_THAT(result->summary(), HasSubstr("backed up 3 tables (1150 rows, "));
  EXPECT_THAT(result->summary(), HasSubstr("row counts and checksums match"));
  ASSERT_EQ(result->artifacts_size(), 5);
  for (const handoff::Artifact& artifact : result->artifacts()) {
    EXPECT_TRUE(artifact.commit()) << artifact.path();
    EXPECT_TRUE(fs::exists(workspace + "/" + artifact.path())) << artifact.path();
  }
  EXPECT_EQ(result->artifacts(0).path(), "database/backup/backup.sh");
  EXPECT_EQ(result->artifacts(0).kind(), handoff::Artifact::CODE);
  struct stat info;
  ASSERT_EQ(::stat((workspace + "/database/backup/backup.sh").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0755u);
  const auto& facts = result->facts();
  EXPECT_EQ(facts.at("backup.restore_verified"), "true");
  EXPECT_EQ(facts.at("backup.rows"), "1150");
  EXPECT_EQ(facts.at("backup.tables"), "3");
  EXPECT_EQ(facts.at("backup.retention_days"), "30");
  EXPECT_EQ(facts.at("backup.pruned"), "backup-20000101T000000Z.dump.enc");
  EXPECT_THAT(facts.at("backup.checksums"), HasSubstr("orders=500:"));
  // The drill's databases are gone; the workspace holds no backup or key.
  EXPECT_THAT(NewDatabasesWithPrefix("baton_backup_"), IsEmpty());
  for (const auto& entry : fs::recursive_directory_iterator(workspace)) {
    EXPECT_FALSE(absl::EndsWith(entry.path().string(), ".enc")) << entry.path();
    EXPECT_FALSE(absl::EndsWith(entry.path().string(), ".key")) << entry.path();
  }
}

TEST(BackupSetupStepSqliteTest, SqliteStagingFailsAndWritesNothing) {
  const std::string workspace = TestDir("workspace");
  absl::StatusOr<handoff::AgentResult> result =
      BackupSetupStep(Request(workspace, "sqlite", "", "infrastructure-specialist"));
  EXPECT_THAT(result.status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("Backup & Recovery needs a PostgreSQL staging server")));
  EXPECT_THAT(std::string(result.status().message()), HasSubstr("--staging postgresql://"));
  EXPECT_TRUE(fs::is_empty(workspace));
}

TEST(BackupAuditStepTest, TheGeneratedKitIsVerifiedEncrypted) {
  absl::StatusOr<handoff::AgentResult> result = BackupAuditStep(AuditRequestForKit({}));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_THAT(Blockers(*result), IsEmpty());
  EXPECT_EQ(result->facts().at("security.backup_encrypted"), "true");
  EXPECT_EQ(result->facts().at("security.secrets"), "0");
  EXPECT_EQ(result->facts().at("security.backup_scripts"),
            "database/backup/backup.sh,database/backup/restore.sh");
  EXPECT_THAT(result->summary(), HasSubstr("backup encryption verified in 2 scripts"));
}

TEST(BackupAuditStepTest, ALiteralPasswordInTheScriptIsABlocker) {
  absl::StatusOr<handoff::AgentResult> result = BackupAuditStep(AuditRequestForKit(
      {{"set -euo pipefail\n", "set -euo pipefail\nexport PGPASSWORD='Tr0ub4dor-horse-42'\n"}}));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_THAT(Blockers(*result), Contains(HasSubstr("@database/backup/backup.sh:16")));
  EXPECT_EQ(result->facts().at("security.secrets"), "1");
  EXPECT_THAT(result->summary(), HasSubstr("the commit is blocked until the secrets are removed"));
}

TEST(BackupAuditStepTest, AKeyOnOpensslsCommandLineIsABlocker) {
  absl::StatusOr<handoff::AgentResult> result = BackupAuditStep(
      AuditRequestForKit({{"-pass \"file:${key_file}\"", "-pass pass:correct-horse"}}));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_THAT(Blockers(*result),
              Contains(HasSubstr("backup-literal-key@database/backup/backup.sh:")));
  EXPECT_EQ(result->facts().at("security.backup_encrypted"), "false");
  EXPECT_THAT(result->summary(), HasSubstr("backup encryption NOT verified"));
}

TEST(BackupAuditStepTest, AnUnencryptedDumpIsABlocker) {
  absl::StatusOr<handoff::AgentResult> result = BackupAuditStep(AuditRequestForKit(
      {{"\\\n  | openssl enc -aes-256-cbc", "> \"${partial}\"\n: openssl enc -aes-256-cbc"}}));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_THAT(Blockers(*result),
              Contains(HasSubstr("backup-unencrypted@database/backup/backup.sh:")));
  EXPECT_EQ(result->facts().at("security.backup_encrypted"), "false");
}

TEST(BackupAuditStepTest, NoBackupScriptIsABlocker) {
  handoff::AgentRequest request = Request(TestDir("workspace"), "postgres", "", "security-auditor");
  absl::StatusOr<handoff::AgentResult> result = BackupAuditStep(request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_THAT(Blockers(*result),
              ::testing::ElementsAre("backup-script-missing@database/backup/backup.sh"));
}

}  // namespace
}  // namespace baton::agents::backup
