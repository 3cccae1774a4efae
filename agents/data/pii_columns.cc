#include "agents/data/pii_columns.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"

namespace baton::agents::data {

std::optional<std::string> PiiKind(absl::string_view column) {
  const std::string lower = absl::AsciiStrToLower(column);
  std::vector<std::string> parts =
      absl::StrSplit(lower, '_', absl::SkipEmpty());
  const std::set<std::string> words(parts.begin(), parts.end());
  auto has = [&words](absl::string_view word) {
    return words.count(std::string(word)) > 0;
  };
  if (has("phone") || has("mobile") || has("msisdn") || has("fax")) {
    return "phone number";
  }
  if (has("email") || has("mail")) return "email address";
  if (has("ssn") || (has("social") && has("security"))) {
    return "social security number";
  }
  if (has("dob") || has("birth") || has("birthday") || has("birthdate")) {
    return "date of birth";
  }
  if (has("passport")) return "passport number";
  if (has("tax") || has("tin") || has("nin")) return "tax or national id";
  if ((has("card") && (has("credit") || has("number"))) || has("iban")) {
    return "payment details";
  }
  if (has("ip") && has("address")) return "IP address";
  if (has("address") || has("street") || has("postcode") || has("zip")) {
    return "postal address";
  }
  if (has("name") && (has("first") || has("last") || has("full") ||
                      has("maiden") || has("middle"))) {
    return "personal name";
  }
  return std::nullopt;
}

}  // namespace baton::agents::data
