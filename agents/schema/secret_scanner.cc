#include "agents/schema/secret_scanner.h"

#include <cmath>
#include <map>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "agents/schema/naming.h"
#include "re2/re2.h"

namespace baton::agents::schema {
namespace {

using ::baton::handoff::Finding;

constexpr absl::string_view kFix =
    "Remove it from the file and rotate it (once committed it stays in git "
    "history); read it at runtime from the environment or a secret manager "
    "(the card: database credentials in Secrets Manager).";

struct Hit {
  std::string rule;
  std::string what;
  std::string value;  // Masked in the message.
};

std::string Mask(absl::string_view value) {
  if (value.size() <= 4) return absl::StrCat("(", value.size(), " characters)");
  return absl::StrCat(value.substr(0, 2), "… (", value.size(), " characters)");
}

std::string Unquote(absl::string_view value) {
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front()) {
    return std::string(value.substr(1, value.size() - 2));
  }
  return std::string(value);
}

bool IsQuoted(absl::string_view value) {
  return !value.empty() && (value.front() == '"' || value.front() == '\'');
}

// Files where an unquoted value after `name =` is code, not a literal.
bool IsCodeFile(absl::string_view path) {
  for (absl::string_view ext :
       {".py", ".js", ".jsx", ".ts", ".tsx", ".go", ".java", ".kt", ".scala",
        ".rb", ".php", ".cs", ".cc", ".cpp", ".cxx", ".c", ".h", ".hpp",
        ".rs", ".swift", ".m", ".dart", ".ex", ".exs"}) {
    if (absl::EndsWith(path, ext)) return true;
  }
  return false;
}

// A value after `name =` that is a literal worth judging.
bool IsLiteral(absl::string_view path, absl::string_view raw) {
  if (raw.empty() || raw.front() == '=') return false;  // `==` comparison.
  if (IsQuoted(raw)) return true;
  return !IsCodeFile(path);
}

bool NameIsExempt(absl::string_view name) {
  const std::vector<std::string> words =
      absl::StrSplit(ToSnakeCase(name), '_', absl::SkipEmpty());
  for (absl::string_view word :
       {"hash", "digest", "salt", "file", "path", "policy", "length", "min",
        "max", "reset", "field", "confirm", "required", "expire", "public",
        "primary", "foreign", "sort", "partition", "range", "cache",
        "idempotency", "unique", "index", "column", "type", "name", "url",
        "header", "param", "env", "prompt", "label", "placeholder"}) {
    for (const std::string& part : words) {
      if (absl::StartsWith(part, word)) return true;
    }
  }
  return false;
}

std::optional<Hit> MatchLine(absl::string_view path, absl::string_view line) {
  static const RE2 kPrivateKey(
      R"(-----BEGIN ((?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----)");
  static const RE2 kAwsAccessKey(R"(\b((?:AKIA|ASIA)[0-9A-Z]{16})\b)");
  static const RE2 kAwsSecretKey(
      R"((?i)aws_?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})\b)");
  static const RE2 kKnownToken(
      R"(\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}|)"
      R"(xox[abprs]-[A-Za-z0-9-]{10,}|[sr]k_live_[0-9A-Za-z]{24,}|)"
      R"(AIza[0-9A-Za-z_-]{35}|glpat-[0-9A-Za-z_-]{20,}))");
  static const RE2 kConnectionString(
      R"(\b([A-Za-z][A-Za-z0-9+.-]*)://([^\s:/@'"]+):([^\s@/'"]+)@)");
  static const RE2 kSqlPassword(
      R"((?i)\b(?:password|identified\s+by)\s+'([^']+)')");
  static const RE2 kPassword(
      R"((?i)\b([a-z0-9_.-]*(?:password|passwd|pwd)[a-z0-9_]*)["']?\s*[:=]\s*("[^"]*"|'[^']*'|[^\s"',;&#]+))");
  static const RE2 kToken(
      R"((?i)\b([a-z0-9_.-]*(?:key|secret|token))["']?\s*[:=]\s*("[^"]*"|'[^']*'|[^\s"',;&#]+))");

  const re2::StringPiece piece(line.data(), line.size());
  std::string a, b, c;
  if (RE2::PartialMatch(piece, kPrivateKey, &a, &b)) {
    return Hit{"secret-private-key", absl::StrCat(a, "private key"), ""};
  }
  if (RE2::PartialMatch(piece, kAwsAccessKey, &a) && !IsPlaceholderValue(a)) {
    return Hit{"secret-aws-access-key", "AWS access key id", a};
  }
  if (RE2::PartialMatch(piece, kAwsSecretKey, &a) && !IsPlaceholderValue(a)) {
    return Hit{"secret-aws-secret-key", "AWS secret access key", a};
  }
  if (RE2::PartialMatch(piece, kKnownToken, &a) && !IsPlaceholderValue(a)) {
    return Hit{"secret-api-token", "API token", a};
  }
  if (RE2::PartialMatch(piece, kConnectionString, &a, &b, &c) &&
      !IsPlaceholderValue(c)) {
    return Hit{"secret-connection-string",
               absl::StrCat(absl::AsciiStrToLower(a),
                            " connection string with a password for ", b),
               c};
  }
  if (RE2::PartialMatch(piece, kSqlPassword, &a) && !IsPlaceholderValue(a)) {
    return Hit{"secret-password", "password in SQL", a};
  }
  if (RE2::PartialMatch(piece, kPassword, &a, &b) && !NameIsExempt(a) &&
      IsLiteral(path, b)) {
    const std::string value = Unquote(b);
    if (!IsPlaceholderValue(value)) {
      return Hit{"secret-password", absl::StrCat("password assigned to ", a),
                 value};
    }
  }
  if (RE2::PartialMatch(piece, kToken, &a, &b) && !NameIsExempt(a) &&
      IsLiteral(path, b)) {
    const std::string value = Unquote(b);
    bool letters = false, digits = false;
    for (char ch : value) {
      letters = letters || absl::ascii_isalpha(static_cast<unsigned char>(ch));
      digits = digits || absl::ascii_isdigit(static_cast<unsigned char>(ch));
    }
    if (value.size() >= 20 && letters && digits &&
        ShannonEntropy(value) >= 3.5 && !IsPlaceholderValue(value)) {
      return Hit{"secret-token",
                 absl::StrCat("high-entropy value assigned to ", a), value};
    }
  }
  return std::nullopt;
}

}  // namespace

double ShannonEntropy(absl::string_view text) {
  if (text.empty()) return 0;
  std::map<char, int> counts;
  for (char c : text) ++counts[c];
  double entropy = 0;
  for (const auto& [c, count] : counts) {
    const double p = static_cast<double>(count) / static_cast<double>(text.size());
    entropy -= p * std::log2(p);
  }
  return entropy;
}

bool IsPlaceholderValue(absl::string_view value) {
  const std::string v = absl::AsciiStrToLower(absl::StripAsciiWhitespace(value));
  if (v.empty()) return true;
  if (absl::StrContains(v, "${") || absl::StrContains(v, "{{") ||
      absl::StartsWith(v, "$") || absl::StartsWith(v, "%") ||
      absl::StartsWith(v, "<")) {
    return true;
  }
  bool filler = true;
  for (char c : v) {
    if (c != '*' && c != 'x' && c != '.' && c != '-' && c != '_' && c != '#') {
      filler = false;
    }
  }
  if (filler) return true;
  for (absl::string_view word :
       {"password", "passwd", "pass", "secret", "changeme", "change_me",
        "none", "null", "nil", "true", "false", "undefined", "todo", "test",
        "dummy"}) {
    if (v == word) return true;
  }
  for (absl::string_view part :
       {"example", "your_", "your-", "yourpass", "placeholder", "redacted",
        "process.env", "os.environ", "getenv", "env[", "env(", "secrets.",
        "vault:", "arn:aws:secretsmanager"}) {
    if (absl::StrContains(v, part)) return true;
  }
  return false;
}

std::vector<Finding> ScanForSecrets(absl::string_view path,
                                    absl::string_view text) {
  std::vector<Finding> findings;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    std::optional<Hit> hit = MatchLine(path, line);
    if (!hit.has_value()) continue;
    Finding finding;
    finding.set_severity(Finding::BLOCKER);
    finding.set_rule(hit->rule);
    finding.set_location(absl::StrCat(path, ":", number));
    finding.set_message(
        hit->value.empty()
            ? absl::StrCat("a ", hit->what, " is written in the file")
            : absl::StrCat("a ", hit->what, " is written in the file: ",
                           Mask(hit->value)));
    finding.set_fix(std::string(kFix));
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace baton::agents::schema
