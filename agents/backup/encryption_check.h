// The security-auditor's review of backup and restore shell scripts: does
// the dump reach the disk only encrypted, and does the key stay out of the
// script? Reads each command (continuation lines joined, comments dropped)
// that runs pg_dump / pg_dumpall / pg_restore:
//   - pg_dump whose output is not piped into `openssl enc` with an AES-256
//     cipher (written with -f/--file, redirected with >, or piped elsewhere):
//     BLOCKER "backup-unencrypted";
//   - openssl given its key on the command line (-pass pass:..., -k, -K):
//     BLOCKER "backup-literal-key"; -pass env:/file:/fd: are accepted;
//   - openssl without -pbkdf2 (the legacy single-MD5 key derivation):
//     ERROR "backup-weak-kdf";
//   - pg_dump not in --format=custom (-Fc): WARNING "backup-format";
//   - a restore that decrypts into a file (openssl enc -d ... -out) instead of
//     a pipe into pg_restore: ERROR "restore-plaintext-on-disk".
// A backup script with no pg_dump at all is BLOCKER "backup-no-dump".
// Stateless; thread-safe.
#ifndef BATON_AGENTS_BACKUP_ENCRYPTION_CHECK_H_
#define BATON_AGENTS_BACKUP_ENCRYPTION_CHECK_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "executor/handoff.pb.h"

namespace baton::agents::backup {

struct ScriptReview {
  std::vector<handoff::Finding> findings;
  // Commands that run pg_dump and pipe it into openssl correctly.
  int encrypted_dumps = 0;
  int dumps = 0;
  int restores = 0;
};

// Reviews one script. `path` appears in locations ("path:line", the line
// where the command starts). `expect_dump` marks a backup script (one with
// no pg_dump is a BLOCKER).
ScriptReview ReviewBackupScript(absl::string_view path, absl::string_view text, bool expect_dump);

// A shell command of `text`, with the line it starts on.
struct ShellCommand {
  int line = 0;
  std::string text;
};

// Joins backslash-continued lines and drops comments (a '#' at the start of
// a word, outside quotes). Blank commands are left out.
std::vector<ShellCommand> ShellCommands(absl::string_view text);

}  // namespace baton::agents::backup

#endif  // BATON_AGENTS_BACKUP_ENCRYPTION_CHECK_H_
