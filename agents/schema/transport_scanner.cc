#include "agents/schema/transport_scanner.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "re2/re2.h"

namespace baton::agents::schema {
namespace {

using ::baton::handoff::Finding;

constexpr absl::string_view kTlsFix =
    "Require TLS with certificate checks (PostgreSQL: sslmode=verify-full; "
    "MySQL: ssl-mode=VERIFY_IDENTITY; JDBC: ssl=true&sslmode=verify-full).";

}  // namespace

std::vector<Finding> ScanForPlaintextTransport(absl::string_view path,
                                               absl::string_view text) {
  static const RE2 kSslMode(
      R"((?i)\b(?:[a-z0-9]+_)*((?:pg)?ssl[_-]?mode)["']?\s*[=:]\s*["']?(disabled?|allow|preferred|prefer)\b)");
  static const RE2 kSslOff(
      R"((?i)\b(?:[a-z0-9]+_)*(ssl|use_?ssl|require_?ssl|ssl_?enabled|tls|use_?tls|tls_?enabled|encrypt)["']?\s*[=:]\s*["']?(false|0|off|no|disabled?)\b)");
  static const RE2 kUnverified(
      R"((?i)\b(trust_?server_?certificate["']?\s*[=:]\s*["']?(?:true|yes|1)|reject_?unauthorized["']?\s*[=:]\s*["']?false|(?:verify_?ssl|ssl_?verify|verify_?certificate)["']?\s*[=:]\s*["']?(?:false|0|off|no))\b)");
  std::vector<Finding> findings;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    const re2::StringPiece piece(line.data(), line.size());
    const std::string location = absl::StrCat(path, ":", number);
    std::string key, value;
    Finding finding;
    finding.set_location(location);
    if (RE2::PartialMatch(piece, kSslMode, &key, &value)) {
      const std::string mode = absl::AsciiStrToLower(value);
      const bool prefer = mode == "prefer" || mode == "preferred";
      finding.set_severity(prefer ? Finding::WARNING : Finding::ERROR);
      finding.set_rule("plaintext-transport");
      finding.set_message(absl::StrCat(
          key, "=", value,
          prefer ? " silently falls back to an unencrypted connection"
                 : " lets the database connection travel unencrypted"));
      finding.set_fix(std::string(kTlsFix));
    } else if (RE2::PartialMatch(piece, kUnverified, &key)) {
      finding.set_severity(Finding::WARNING);
      finding.set_rule("unverified-tls");
      finding.set_message(absl::StrCat(
          key, " accepts any certificate, so the connection can be intercepted"));
      finding.set_fix(std::string(kTlsFix));
    } else if (RE2::PartialMatch(piece, kSslOff, &key, &value)) {
      finding.set_severity(Finding::ERROR);
      finding.set_rule("plaintext-transport");
      finding.set_message(absl::StrCat(key, "=", value,
                                       " turns TLS off for the connection"));
      finding.set_fix(std::string(kTlsFix));
    } else {
      continue;
    }
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace baton::agents::schema
