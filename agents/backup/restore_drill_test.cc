#include "agents/backup/restore_drill.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "agents/backup/backup_scripts.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/postgres/test_database.h"
#include "testing/status_matchers.h"

namespace baton::agents::backup {
namespace {

using ::baton::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

class RestoreDrillTest : public baton::testing::PostgresTest {
 protected:
  // Writes the generated kit (with `edit` applied to backup.sh and
  // `restore_edit` to restore.sh) and returns the drill's options.
  RestoreDrillOptions Options(
      const std::vector<std::pair<std::string, std::string>>& edit = {},
      const std::vector<std::pair<std::string, std::string>>& restore_edit = {}) {
    const std::string dir =
        absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir + "/scratch");
    RestoreDrillOptions options;
    options.server_url = server_url();
    options.backup_script = dir + "/backup.sh";
    options.restore_script = dir + "/restore.sh";
    options.scratch_dir = dir + "/scratch";
    const std::vector<GeneratedFile> kit = GenerateBackupKit({});
    std::ofstream(options.backup_script) << absl::StrReplaceAll(kit[0].text, edit);
    std::ofstream(options.restore_script) << absl::StrReplaceAll(kit[1].text, restore_edit);
    return options;
  }

  void ExpectNoDrillDatabasesLeft() {
    EXPECT_THAT(NewDatabasesWithPrefix("baton_backup_"), IsEmpty());
  }
};

TEST_F(RestoreDrillTest, TheGeneratedScriptsBackUpEncryptedAndRestoreEveryRow) {
  absl::StatusOr<RestoreDrillReport> report = RunRestoreDrill(Options());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(report->differences, IsEmpty());
  ASSERT_EQ(report->source.size(), 3u);
  EXPECT_EQ(report->source.at("customers").rows, 200);
  EXPECT_EQ(report->source.at("orders").rows, 500);
  EXPECT_EQ(report->source.at("order_events").rows, 450);
  EXPECT_EQ(report->TotalRows(), 1150);
  EXPECT_EQ(report->restored, report->source);
  EXPECT_THAT(report->pruned, ElementsAre("backup-20000101T000000Z.dump.enc"));
  EXPECT_THAT(report->kept, ElementsAre("backup-20000102T000000Z.dump.enc"));
  EXPECT_GT(report->backup_bytes, 1000);
  EXPECT_THAT(std::filesystem::path(report->backup_file).filename().string(),
              StartsWith("backup-"));
  EXPECT_THAT(report->Summary(), HasSubstr("backed up 3 tables (1150 rows, "));
  EXPECT_THAT(report->Summary(), HasSubstr("row counts and checksums match"));
  EXPECT_THAT(report->Checksums(), HasSubstr("customers=200:"));
  ExpectNoDrillDatabasesLeft();
}

TEST_F(RestoreDrillTest, APlaintextDumpOnDiskFailsTheDrill) {
  // The dump goes to the folder unencrypted, then gets encrypted from there.
  absl::StatusOr<RestoreDrillReport> report = RunRestoreDrill(Options({
      {"pg_dump --format=custom --no-password --dbname=\"${database_url}\" \\\n  | openssl enc",
       "pg_dump --format=custom --no-password --dbname=\"${database_url}\" "
       "> \"${backup_dir}/plain.dump\"\nopenssl enc -in \"${backup_dir}/plain.dump\""},
  }));
  EXPECT_THAT(report.status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("the backup folder holds a plaintext pg_dump archive: "
                                 "plain.dump")));
  ExpectNoDrillDatabasesLeft();
}

TEST_F(RestoreDrillTest, RetentionThatKeepsEverythingFailsTheDrill) {
  absl::StatusOr<RestoreDrillReport> report =
      RunRestoreDrill(Options({{"-print -delete", "-print"}}));
  EXPECT_THAT(report.status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("retention is wrong: of a 31-day-old and a 29-day-old backup, "
                                 "backup.sh pruned [] and kept")));
}

TEST_F(RestoreDrillTest, ARestoreThatLosesDataIsReportedTableByTable) {
  // A restore that brings back the tables but none of their rows.
  absl::StatusOr<RestoreDrillReport> report =
      RunRestoreDrill(Options({}, {{"--exit-on-error", "--exit-on-error --schema-only"}}));
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(report->differences, ElementsAre("customers: 200 rows backed up, 0 restored",
                                               "order_events: 450 rows backed up, 0 restored",
                                               "orders: 500 rows backed up, 0 restored"));
  EXPECT_THAT(report->Summary(), HasSubstr("3 mismatches: customers: 200 rows backed up"));
}

TEST_F(RestoreDrillTest, AFailingScriptNamesItsError) {
  absl::StatusOr<RestoreDrillReport> report =
      RunRestoreDrill(Options({}, {{"-aes-256-cbc -pbkdf2", "-aes-128-cbc -pbkdf2"}}));
  EXPECT_THAT(report.status(), StatusIs(absl::StatusCode::kFailedPrecondition,
                                        HasSubstr("bash restore.sh failed (exit code")));
  ExpectNoDrillDatabasesLeft();
}

TEST(UrlWithDatabaseTest, ReplacesOnlyTheDatabase) {
  EXPECT_EQ(UrlWithDatabase("postgresql://u@h:5432/app?sslmode=require", "x"),
            "postgresql://u@h:5432/x?sslmode=require");
  EXPECT_EQ(UrlWithDatabase("postgres://u@h", "x"), "postgres://u@h/x");
}

}  // namespace
}  // namespace baton::agents::backup
