#include "agents/backup/backup_scripts.h"

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "agents/backup/encryption_check.h"
#include "agents/schema/secret_scanner.h"
#include "executor/subprocess.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::agents::backup {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

std::vector<std::string> Paths(const std::vector<GeneratedFile>& files) {
  std::vector<std::string> paths;
  for (const GeneratedFile& file : files) paths.push_back(file.path);
  return paths;
}

const GeneratedFile& Find(const std::vector<GeneratedFile>& files, const std::string& path) {
  for (const GeneratedFile& file : files) {
    if (file.path == path) return file;
  }
  static const GeneratedFile* const none = new GeneratedFile;
  ADD_FAILURE() << "no " << path;
  return *none;
}

// Runs `bash <script text> args...` from a file under TEST_TMPDIR.
executor::SubprocessResult RunBash(const std::string& text, std::vector<std::string> args,
                                   std::string* stderr_text) {
  const std::string dir = std::getenv("TEST_TMPDIR");
  const std::string script = dir + "/script.sh";
  std::ofstream(script) << text;
  executor::SubprocessOptions options;
  options.argv = {"/bin/bash", script};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.working_dir = dir;
  options.env = {"PATH=/usr/bin:/bin"};
  options.stderr_path = dir + "/stderr.log";
  absl::StatusOr<executor::SubprocessResult> result = executor::RunSubprocess(options);
  EXPECT_TRUE(result.ok()) << result.status();
  std::ifstream in(options.stderr_path);
  stderr_text->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return result.ok() ? *result : executor::SubprocessResult();
}

TEST(GenerateBackupKitTest, WritesScriptsScheduleAndReadme) {
  const std::vector<GeneratedFile> kit = GenerateBackupKit({});
  EXPECT_THAT(Paths(kit),
              ElementsAre("database/backup/backup.sh", "database/backup/restore.sh",
                          "database/backup/baton-backup.service",
                          "database/backup/baton-backup.timer", "database/backup/README.md"));
  const std::string& backup = Find(kit, kBackupScript).text;
  EXPECT_TRUE(Find(kit, kBackupScript).executable);
  EXPECT_THAT(backup, HasSubstr("pg_dump --format=custom"));
  EXPECT_THAT(backup, HasSubstr("| openssl enc -aes-256-cbc -pbkdf2"));
  EXPECT_THAT(backup, HasSubstr("BACKUP_RETENTION_DAYS:-30}"));
  EXPECT_THAT(backup, HasSubstr("-mmin +\"$((retention_days * 24 * 60))\""));
  EXPECT_THAT(Find(kit, kRestoreScript).text, HasSubstr("| pg_restore"));
  EXPECT_THAT(Find(kit, "database/backup/baton-backup.timer").text,
              HasSubstr("OnCalendar=*-*-* 02:15:00 UTC"));
  EXPECT_THAT(Find(kit, "database/backup/README.md").text, HasSubstr("kept\n30 days"));
}

TEST(GenerateBackupKitTest, RetentionAndScheduleFollowTheOptions) {
  BackupKitOptions options;
  options.retention_days = 45;
  options.on_calendar = "daily";
  const std::vector<GeneratedFile> kit = GenerateBackupKit(options);
  EXPECT_THAT(Find(kit, kBackupScript).text, HasSubstr("BACKUP_RETENTION_DAYS:-45}"));
  EXPECT_THAT(Find(kit, "database/backup/baton-backup.timer").text,
              HasSubstr("OnCalendar=daily\n"));
}

TEST(GenerateBackupKitTest, PassesTheAuditorsOwnChecks) {
  for (const GeneratedFile& file : GenerateBackupKit({})) {
    EXPECT_THAT(schema::ScanForSecrets(file.path, file.text), IsEmpty()) << file.path;
    if (!file.executable) continue;
    const ScriptReview review =
        ReviewBackupScript(file.path, file.text, file.path == kBackupScript);
    EXPECT_THAT(review.findings, IsEmpty()) << file.path << ": " << review.findings[0].message();
  }
}

TEST(GenerateBackupKitTest, ScriptsAreValidBashAndRefuseMissingSettings) {
  for (const GeneratedFile& file : GenerateBackupKit({})) {
    if (!file.executable) continue;
    std::string err;
    const std::string dir = std::getenv("TEST_TMPDIR");
    std::ofstream(dir + "/check.sh") << file.text;
    executor::SubprocessResult syntax =
        RunBash(absl::StrCat("exec /bin/bash -n ", dir, "/check.sh\n"), {}, &err);
    EXPECT_EQ(syntax.exit_code, 0) << file.path << ": " << err;
  }
  std::string err;
  executor::SubprocessResult run =
      RunBash(GenerateBackupKit({})[0].text, {"--database", "postgresql://h/db"}, &err);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(err, HasSubstr("backup.sh: no backup folder: pass --dir or set BACKUP_DIR"));
  run = RunBash(
      GenerateBackupKit({})[0].text,
      {"--database", "postgresql://h/db", "--dir", "/tmp/x", "--key-file", "/nonexistent/key"},
      &err);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(err, HasSubstr("key file '/nonexistent/key' is not readable"));
  run = RunBash(GenerateBackupKit({})[1].text, {"--bogus"}, &err);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(err, HasSubstr("restore.sh: unknown argument: --bogus"));
  EXPECT_THAT(err, Not(HasSubstr("restored")));
}

}  // namespace
}  // namespace baton::agents::backup
