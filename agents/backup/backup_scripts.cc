#include "agents/backup/backup_scripts.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace baton::agents::backup {
namespace {

constexpr char kBackupSh[] = R"sh(#!/usr/bin/env bash
# Encrypted PostgreSQL backup (written by Baton's infrastructure-specialist).
#
#   backup.sh --database URL --dir DIR --key-file PATH [--retention-days N]
#
# Each option falls back to an environment variable: BACKUP_DATABASE_URL,
# BACKUP_DIR, BACKUP_KEY_FILE, BACKUP_RETENTION_DAYS (default @RETENTION@).
# The password is never written here: use PGPASSFILE or ~/.pgpass.
#
# pg_dump's custom-format output is piped straight into openssl (AES-256-CBC,
# PBKDF2 key derivation, key read from the key file): the dump never lands on
# disk unencrypted. The encrypted file is written as *.partial and renamed
# only when both pg_dump and openssl succeeded. Encrypted backups older than
# the retention are then pruned. Prints the new backup's path.
set -euo pipefail
umask 077

database_url="${BACKUP_DATABASE_URL:-}"
backup_dir="${BACKUP_DIR:-}"
key_file="${BACKUP_KEY_FILE:-}"
retention_days="${BACKUP_RETENTION_DAYS:-@RETENTION@}"

while [ $# -gt 0 ]; do
  case "$1" in
    --database) database_url="${2:?--database needs a value}"; shift 2 ;;
    --dir) backup_dir="${2:?--dir needs a value}"; shift 2 ;;
    --key-file) key_file="${2:?--key-file needs a value}"; shift 2 ;;
    --retention-days) retention_days="${2:?--retention-days needs a value}"; shift 2 ;;
    *) echo "backup.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

if [ -z "${database_url}" ]; then
  echo "backup.sh: no database: pass --database or set BACKUP_DATABASE_URL" >&2; exit 2
fi
if [ -z "${backup_dir}" ]; then
  echo "backup.sh: no backup folder: pass --dir or set BACKUP_DIR" >&2; exit 2
fi
if [ -z "${key_file}" ] || [ ! -r "${key_file}" ]; then
  echo "backup.sh: key file '${key_file}' is not readable: pass --key-file or set BACKUP_KEY_FILE" >&2
  exit 2
fi
case "${retention_days}" in
  ''|*[!0-9]*) echo "backup.sh: --retention-days must be a whole number of days" >&2; exit 2 ;;
esac

mkdir -p "${backup_dir}"
target="${backup_dir}/backup-$(date -u +%Y%m%dT%H%M%SZ).dump.enc"
partial="${target}.partial"
trap 'rm -f "${partial}"' EXIT

pg_dump --format=custom --no-password --dbname="${database_url}" \
  | openssl enc -aes-256-cbc -pbkdf2 -iter 200000 -salt -pass "file:${key_file}" -out "${partial}"
mv "${partial}" "${target}"
trap - EXIT

# Retention: encrypted backups older than ${retention_days} days go.
find "${backup_dir}" -maxdepth 1 -type f -name 'backup-*.dump.enc' \
  -mmin +"$((retention_days * 24 * 60))" -print -delete | sed 's/^/pruned: /' >&2

echo "${target}"
)sh";

constexpr char kRestoreSh[] = R"sh(#!/usr/bin/env bash
# Restores an encrypted backup made by backup.sh (written by Baton's
# infrastructure-specialist).
#
#   restore.sh --file BACKUP --database URL --key-file PATH
#
# --database and --key-file fall back to RESTORE_DATABASE_URL and
# BACKUP_KEY_FILE. The target database must exist and should be empty
# (createdb it first). openssl decrypts into a pipe read by pg_restore: the
# plaintext dump never lands on disk. Stops at the first error.
set -euo pipefail
umask 077

backup_file=""
database_url="${RESTORE_DATABASE_URL:-}"
key_file="${BACKUP_KEY_FILE:-}"

while [ $# -gt 0 ]; do
  case "$1" in
    --file) backup_file="${2:?--file needs a value}"; shift 2 ;;
    --database) database_url="${2:?--database needs a value}"; shift 2 ;;
    --key-file) key_file="${2:?--key-file needs a value}"; shift 2 ;;
    *) echo "restore.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

if [ -z "${backup_file}" ] || [ ! -r "${backup_file}" ]; then
  echo "restore.sh: backup file '${backup_file}' is not readable: pass --file" >&2; exit 2
fi
if [ -z "${database_url}" ]; then
  echo "restore.sh: no target database: pass --database or set RESTORE_DATABASE_URL" >&2; exit 2
fi
if [ -z "${key_file}" ] || [ ! -r "${key_file}" ]; then
  echo "restore.sh: key file '${key_file}' is not readable: pass --key-file or set BACKUP_KEY_FILE" >&2
  exit 2
fi

openssl enc -d -aes-256-cbc -pbkdf2 -iter 200000 -pass "file:${key_file}" -in "${backup_file}" \
  | pg_restore --no-owner --no-privileges --exit-on-error --no-password --dbname="${database_url}"
echo "restored ${backup_file}"
)sh";

constexpr char kService[] =
    R"(# Runs database/backup/backup.sh once (started daily by baton-backup.timer).
# /etc/baton/backup.env (not in the repository, mode 0600) sets
# BACKUP_DATABASE_URL, BACKUP_DIR, BACKUP_KEY_FILE and PGPASSFILE.
[Unit]
Description=Encrypted PostgreSQL backup
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
EnvironmentFile=/etc/baton/backup.env
ExecStart=/usr/bin/env bash /opt/baton/database/backup/backup.sh
UMask=0077
Nice=10
IOSchedulingClass=best-effort
)";

constexpr char kTimer[] =
    R"(# Daily encrypted PostgreSQL backup; Persistent= catches up a missed run.
[Unit]
Description=Daily encrypted PostgreSQL backup

[Timer]
OnCalendar=@CALENDAR@
Persistent=true
RandomizedDelaySec=10min
Unit=baton-backup.service

[Install]
WantedBy=timers.target
)";

constexpr char kReadme[] = R"(# Database backups

Encrypted PostgreSQL backups, written by Baton's infrastructure-specialist
for the data card's Backup & Recovery standards: daily, encrypted, kept
@RETENTION@ days, restore-tested.

| file | what it does |
|---|---|
| `backup.sh` | `pg_dump --format=custom` piped into `openssl enc -aes-256-cbc -pbkdf2`; prunes backups older than @RETENTION@ days |
| `restore.sh` | `openssl enc -d` piped into `pg_restore` (into an existing, empty database) |
| `baton-backup.service`, `baton-backup.timer` | the daily schedule (systemd) |

No credential lives in this folder. Provide them at run time:

- `BACKUP_DATABASE_URL` (e.g. `postgresql://backup@db.internal:5432/app?sslmode=verify-full`)
  and the password in `PGPASSFILE` / `~/.pgpass`;
- `BACKUP_KEY_FILE`: a file readable only by the backup user holding the
  encryption passphrase (`openssl rand -hex 32 > /etc/baton/backup.key`);
  keep a copy of it outside the backup host, without it nothing restores;
- `BACKUP_DIR`: where the encrypted `backup-*.dump.enc` files go.

Install the schedule:

    sudo install -m 0644 baton-backup.service baton-backup.timer /etc/systemd/system/
    sudo systemctl daemon-reload && sudo systemctl enable --now baton-backup.timer

Restore (monthly restore testing is part of the standard):

    createdb app_restored
    bash restore.sh --file /var/backups/postgresql/backup-<stamp>.dump.enc \
      --database postgresql://admin@db.internal/app_restored --key-file /etc/baton/backup.key

Multi-region copies: sync `BACKUP_DIR` (already encrypted) to a bucket in a
second region.
)";

}  // namespace

std::vector<GeneratedFile> GenerateBackupKit(const BackupKitOptions& options) {
  const std::string retention = absl::StrCat(options.retention_days);
  return {
      {kBackupScript, absl::StrReplaceAll(kBackupSh, {{"@RETENTION@", retention}}), true},
      {kRestoreScript, kRestoreSh, true},
      {"database/backup/baton-backup.service", kService, false},
      {"database/backup/baton-backup.timer",
       absl::StrReplaceAll(kTimer, {{"@CALENDAR@", options.on_calendar}}), false},
      {"database/backup/README.md", absl::StrReplaceAll(kReadme, {{"@RETENTION@", retention}}),
       false},
  };
}

}  // namespace baton::agents::backup
