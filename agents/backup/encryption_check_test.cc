#include "agents/backup/encryption_check.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::agents::backup {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> Rules(const ScriptReview& review) {
  std::vector<std::string> rules;
  for (const handoff::Finding& finding : review.findings) {
    rules.push_back(finding.rule() + "@" + finding.location());
  }
  return rules;
}

TEST(ShellCommandsTest, JoinsContinuationsAndDropsComments) {
  const std::vector<ShellCommand> commands = ShellCommands(
      "# header\n"
      "echo 'a # not a comment'  # a comment\n"
      "pg_dump --format=custom \\\n"
      "  | openssl enc\n");
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands[0].line, 2);
  EXPECT_EQ(commands[0].text, "echo 'a # not a comment'");
  EXPECT_EQ(commands[1].line, 3);
  EXPECT_EQ(commands[1].text, "pg_dump --format=custom    | openssl enc");
}

TEST(ReviewBackupScriptTest, AcceptsADumpPipedIntoOpensslWithAKeyFile) {
  const ScriptReview review = ReviewBackupScript(
      "backup.sh",
      "set -euo pipefail\n"
      "pg_dump --format=custom --dbname=\"${url}\" \\\n"
      "  | openssl enc -aes-256-cbc -pbkdf2 -iter 200000 -pass \"file:${key}\" -out x\n",
      true);
  EXPECT_THAT(review.findings, IsEmpty());
  EXPECT_EQ(review.dumps, 1);
  EXPECT_EQ(review.encrypted_dumps, 1);
}

TEST(ReviewBackupScriptTest, ADumpWrittenToAFileFirstIsABlocker) {
  const ScriptReview review = ReviewBackupScript(
      "backup.sh",
      "pg_dump -Fc app > /var/backups/app.dump\n"
      "openssl enc -aes-256-cbc -pbkdf2 -pass env:KEY -in /var/backups/app.dump -out x\n",
      true);
  EXPECT_THAT(Rules(review), ElementsAre("backup-unencrypted@backup.sh:1"));
  EXPECT_EQ(review.findings[0].severity(), handoff::Finding::BLOCKER);
  EXPECT_THAT(review.findings[0].message(), HasSubstr("lands on disk in plaintext"));
  EXPECT_EQ(review.encrypted_dumps, 0);
}

TEST(ReviewBackupScriptTest, FileFlagAndOtherPipesAreBlockers) {
  EXPECT_THAT(
      Rules(ReviewBackupScript("b.sh", "pg_dump --format=custom --file=app.dump app\n", true)),
      ElementsAre("backup-unencrypted@b.sh:1"));
  const ScriptReview gzip =
      ReviewBackupScript("b.sh", "pg_dump --format=custom app | gzip > app.dump.gz\n", true);
  EXPECT_THAT(Rules(gzip), ElementsAre("backup-unencrypted@b.sh:1"));
  EXPECT_THAT(gzip.findings[0].message(), HasSubstr("not piped into openssl enc"));
  // Decrypting is not encrypting.
  EXPECT_THAT(
      Rules(ReviewBackupScript(
          "b.sh", "pg_dump -Fc app | openssl enc -d -aes-256-cbc -pbkdf2 -pass env:K\n", true)),
      ElementsAre("backup-unencrypted@b.sh:1"));
}

TEST(ReviewBackupScriptTest, AKeyOnTheCommandLineIsABlocker) {
  const ScriptReview review = ReviewBackupScript(
      "b.sh", "pg_dump -Fc app | openssl enc -aes-256-cbc -pbkdf2 -pass pass:hunter2 -out x\n",
      true);
  EXPECT_THAT(Rules(review), ElementsAre("backup-literal-key@b.sh:1"));
  EXPECT_EQ(review.findings[0].severity(), handoff::Finding::BLOCKER);
  EXPECT_THAT(Rules(ReviewBackupScript(
                  "b.sh", "pg_dump -Fc app | openssl enc -aes-256-cbc -pbkdf2 -k s3cret\n", true)),
              ElementsAre("backup-literal-key@b.sh:1"));
}

TEST(ReviewBackupScriptTest, WeakKdfFormatAndPlaintextRestoreAreReported) {
  EXPECT_THAT(Rules(ReviewBackupScript(
                  "b.sh", "pg_dump app | openssl enc -aes-256-cbc -pass env:K -out x\n", true)),
              ElementsAre("backup-format@b.sh:1", "backup-weak-kdf@b.sh:1"));
  const ScriptReview restore = ReviewBackupScript(
      "restore.sh",
      "openssl enc -d -aes-256-cbc -pbkdf2 -pass env:K -in x -out /tmp/plain.dump\n"
      "pg_restore --dbname=app /tmp/plain.dump\n",
      false);
  EXPECT_THAT(Rules(restore), ElementsAre("restore-plaintext-on-disk@restore.sh:1"));
  EXPECT_EQ(restore.restores, 1);
}

TEST(ReviewBackupScriptTest, ABackupScriptWithoutPgDumpIsABlocker) {
  EXPECT_THAT(Rules(ReviewBackupScript("backup.sh",
                                       "# pg_dump is only mentioned here\n"
                                       "echo done\n",
                                       true)),
              ElementsAre("backup-no-dump@backup.sh:1"));
  EXPECT_THAT(ReviewBackupScript("restore.sh", "echo done\n", false).findings, IsEmpty());
}

}  // namespace
}  // namespace baton::agents::backup
