#include "agents/backup/encryption_check.h"

#include <cctype>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace baton::agents::backup {
namespace {

using Words = std::vector<std::string>;

// Splits a command on '|' pipes (not "||"), outside quotes.
std::vector<std::string> PipeSegments(const std::string& command) {
  std::vector<std::string> segments;
  std::string current;
  char quote = 0;
  for (size_t i = 0; i < command.size(); ++i) {
    const char c = command[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      current += c;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      current += c;
      continue;
    }
    if (c == '|') {
      const bool doubled = (i + 1 < command.size() && command[i + 1] == '|');
      if (doubled) {
        // "a || b": b is another command; keep only what came before.
        segments.push_back(current);
        return segments;
      }
      segments.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  segments.push_back(current);
  return segments;
}

// Whitespace-separated words with quotes removed.
Words SplitWords(const std::string& segment) {
  Words words;
  std::string current;
  bool in_word = false;
  char quote = 0;
  for (char c : segment) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        current += c;
      }
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (in_word) words.push_back(current);
      current.clear();
      in_word = false;
      continue;
    }
    current += c;
    in_word = true;
  }
  if (in_word) words.push_back(current);
  return words;
}

// The program a segment runs (after VAR=value assignments, `exec`,
// `command`, `nice`, `ionice`, `time`), basename only.
std::string Program(const Words& words) {
  for (const std::string& word : words) {
    if (word.find('=') != std::string::npos && word[0] != '-') continue;
    if (word == "exec" || word == "command" || word == "nice" || word == "time" ||
        word == "ionice" || word == "then" || word == "do" || word == "!") {
      continue;
    }
    const size_t slash = word.rfind('/');
    return slash == std::string::npos ? word : word.substr(slash + 1);
  }
  return "";
}

bool Has(const Words& words, absl::string_view word) {
  for (const std::string& w : words) {
    if (w == word) return true;
  }
  return false;
}

bool HasPrefix(const Words& words, absl::string_view prefix) {
  for (const std::string& w : words) {
    if (absl::StartsWith(w, prefix)) return true;
  }
  return false;
}

// The word after `flag`, or "".
std::string After(const Words& words, absl::string_view flag) {
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] == flag) return words[i + 1];
  }
  return "";
}

bool IsCustomFormat(const Words& words) {
  if (Has(words, "--format=custom") || Has(words, "--format=c") || Has(words, "-Fc")) {
    return true;
  }
  const std::string format = After(words, "--format");
  const std::string f = After(words, "-F");
  return format == "custom" || format == "c" || f == "c" || f == "custom";
}

// Writes its standard output to a file (-f/--file or a '>' redirect).
bool WritesStdoutToFile(const Words& words) {
  for (const std::string& w : words) {
    if (w == "-f" || w == "--file" || absl::StartsWith(w, "--file=")) return true;
    if (absl::StartsWith(w, "-f") && w.size() > 2 && w[1] == 'f') return true;
    if (w == ">&2" || absl::StartsWith(w, "2>")) continue;
    if (absl::StartsWith(w, ">") || absl::StartsWith(w, "1>")) return true;
  }
  return false;
}

bool IsEncryptingOpenssl(const Words& words) {
  if (Program(words) != "openssl" || !Has(words, "enc")) return false;
  if (Has(words, "-d")) return false;
  return HasPrefix(words, "-aes-256-") || After(words, "-cipher").rfind("aes-256-", 0) == 0;
}

handoff::Finding MakeFinding(handoff::Finding::Severity severity, absl::string_view rule,
                             std::string message, absl::string_view path, int line,
                             absl::string_view fix) {
  handoff::Finding finding;
  finding.set_severity(severity);
  finding.set_rule(std::string(rule));
  finding.set_message(std::move(message));
  finding.set_location(absl::StrCat(path, ":", line));
  finding.set_fix(std::string(fix));
  return finding;
}

}  // namespace

std::vector<ShellCommand> ShellCommands(absl::string_view text) {
  std::vector<ShellCommand> commands;
  ShellCommand current;
  int line_number = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++line_number;
    // Drop a comment: '#' at the start of a word, outside quotes.
    std::string line;
    char quote = 0;
    for (size_t i = 0; i < raw.size(); ++i) {
      const char c = raw[i];
      if (quote == 0 && c == '#' &&
          (i == 0 || std::isspace(static_cast<unsigned char>(raw[i - 1])))) {
        break;
      }
      if (quote == 0 && (c == '\'' || c == '"')) {
        quote = c;
      } else if (quote != 0 && c == quote) {
        quote = 0;
      }
      line += c;
    }
    absl::string_view stripped = absl::StripTrailingAsciiWhitespace(line);
    const bool continues = absl::ConsumeSuffix(&stripped, "\\");
    if (current.text.empty()) current.line = line_number;
    absl::StrAppend(&current.text, stripped, " ");
    if (continues) continue;
    if (!absl::StripAsciiWhitespace(current.text).empty()) {
      current.text = std::string(absl::StripAsciiWhitespace(current.text));
      commands.push_back(current);
    }
    current = ShellCommand();
  }
  if (!absl::StripAsciiWhitespace(current.text).empty()) {
    current.text = std::string(absl::StripAsciiWhitespace(current.text));
    commands.push_back(current);
  }
  return commands;
}

ScriptReview ReviewBackupScript(absl::string_view path, absl::string_view text, bool expect_dump) {
  ScriptReview review;
  for (const ShellCommand& command : ShellCommands(text)) {
    std::vector<Words> segments;
    for (const std::string& segment : PipeSegments(command.text)) {
      segments.push_back(SplitWords(segment));
    }
    for (size_t i = 0; i < segments.size(); ++i) {
      const Words& words = segments[i];
      const std::string program = Program(words);
      if (program == "pg_dump" || program == "pg_dumpall") {
        ++review.dumps;
        if (program == "pg_dump" && !IsCustomFormat(words)) {
          review.findings.push_back(
              MakeFinding(handoff::Finding::WARNING, "backup-format",
                          "pg_dump does not use the custom format", path, command.line,
                          "use pg_dump --format=custom (compressed, restorable table by table with "
                          "pg_restore)"));
        }
        const bool to_file = WritesStdoutToFile(words);
        const bool piped = i + 1 < segments.size() && IsEncryptingOpenssl(segments[i + 1]);
        if (to_file || !piped) {
          review.findings.push_back(MakeFinding(
              handoff::Finding::BLOCKER, "backup-unencrypted",
              to_file ? std::string("the dump is written to a file before any encryption: "
                                    "it lands on disk in plaintext")
                      : std::string("the dump's output is not piped into openssl enc "
                                    "with an AES-256 cipher: it is not encrypted"),
              path, command.line,
              "pipe it: pg_dump --format=custom ... | openssl enc -aes-256-cbc -pbkdf2 "
              "-pass file:\"$BACKUP_KEY_FILE\" -out backup.dump.enc"));
        } else {
          ++review.encrypted_dumps;
        }
      }
      if (program == "pg_restore") ++review.restores;
      if (program == "openssl") {
        const std::string pass = After(words, "-pass");
        if (absl::StartsWith(pass, "pass:") || Has(words, "-k") || Has(words, "-K")) {
          review.findings.push_back(MakeFinding(
              handoff::Finding::BLOCKER, "backup-literal-key",
              "the encryption key is written on openssl's command line in the script", path,
              command.line,
              "read it at run time: -pass file:\"$BACKUP_KEY_FILE\" or -pass env:BACKUP_KEY"));
        }
        if (Has(words, "enc") && !Has(words, "-pbkdf2")) {
          review.findings.push_back(MakeFinding(
              handoff::Finding::ERROR, "backup-weak-kdf",
              "openssl enc derives the key without -pbkdf2 (one MD5 round)", path, command.line,
              "add -pbkdf2 -iter 200000 to both the backup and the restore"));
        }
        if (Has(words, "enc") && Has(words, "-d") && Has(words, "-out")) {
          review.findings.push_back(MakeFinding(
              handoff::Finding::ERROR, "restore-plaintext-on-disk",
              "the restore decrypts the backup into a file: the plaintext dump lands on disk", path,
              command.line, "pipe the decryption into pg_restore instead of -out"));
        }
      }
    }
  }
  if (expect_dump && review.dumps == 0) {
    review.findings.push_back(MakeFinding(handoff::Finding::BLOCKER, "backup-no-dump",
                                          "the backup script never runs pg_dump", path, 1,
                                          "run pg_dump --format=custom piped into openssl enc"));
  }
  return review;
}

}  // namespace baton::agents::backup
