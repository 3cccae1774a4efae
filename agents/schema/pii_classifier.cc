#include "agents/schema/pii_classifier.h"

#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "agents/data/pii_columns.h"
#include "agents/schema/naming.h"

namespace baton::agents::schema {
namespace {

bool Has(const std::set<std::string>& words, absl::string_view word) {
  return words.count(std::string(word)) > 0;
}

}  // namespace

std::optional<PiiClass> ClassifyPiiColumn(absl::string_view table,
                                          absl::string_view column,
                                          absl::string_view type) {
  const std::string name = ToSnakeCase(column);
  const std::vector<std::string> parts =
      absl::StrSplit(name, '_', absl::SkipEmpty());
  const std::set<std::string> words(parts.begin(), parts.end());
  const std::string upper_type = absl::AsciiStrToUpper(type);

  // Already protected, or only about the data (a time, a flag, a count).
  for (absl::string_view word :
       {"hash", "hashed", "digest", "encrypted", "enc", "cipher",
        "ciphertext", "token", "tokenized", "masked", "last4", "fingerprint",
        "verified", "count", "enabled", "confirmed", "opt", "consent"}) {
    if (Has(words, word)) return std::nullopt;
  }
  if (Has(words, "last") && (Has(words, "four") || Has(words, "4"))) {
    return std::nullopt;
  }
  if (absl::StartsWith(name, "is_") || absl::StartsWith(name, "has_") ||
      upper_type == "BOOLEAN" || upper_type == "BOOL") {
    return std::nullopt;
  }
  const bool birth = Has(words, "dob") || Has(words, "birth") ||
                     Has(words, "birthday") || Has(words, "birthdate");
  if ((absl::EndsWith(name, "_at") || absl::EndsWith(name, "_on")) && !birth) {
    return std::nullopt;
  }

  if (Has(words, "cvv") || Has(words, "cvc") || Has(words, "cvv2") ||
      (Has(words, "security") && Has(words, "code"))) {
    return PiiClass{"card security code", true, true};
  }
  if ((Has(words, "card") && (Has(words, "number") || Has(words, "credit") ||
                              Has(words, "debit") || Has(words, "no"))) ||
      Has(words, "pan")) {
    return PiiClass{"payment card number", true, false};
  }
  if (Has(words, "iban") || Has(words, "bic") || Has(words, "swift") ||
      (Has(words, "bank") && Has(words, "account")) ||
      (Has(words, "account") && Has(words, "number")) ||
      (Has(words, "routing") && Has(words, "number")) ||
      (Has(words, "sort") && Has(words, "code"))) {
    return PiiClass{"bank account details", true, false};
  }
  if (Has(words, "passport")) return PiiClass{"passport number", true, false};
  if ((Has(words, "driver") || Has(words, "drivers") || Has(words, "driving")) &&
      (Has(words, "license") || Has(words, "licence"))) {
    return PiiClass{"driver's license number", true, false};
  }
  if (Has(words, "national") && (Has(words, "id") || Has(words, "number"))) {
    return PiiClass{"national id number", true, false};
  }
  std::optional<std::string> kind = data::PiiKind(name);
  if (kind.has_value()) {
    const bool sensitive = *kind == "social security number" ||
                           *kind == "date of birth" ||
                           *kind == "tax or national id" ||
                           *kind == "passport number" ||
                           *kind == "payment details";
    return PiiClass{*kind, sensitive, false};
  }
  // A bare "name" is personal only on tables of people.
  std::vector<std::string> table_words =
      absl::StrSplit(ToSnakeCase(table), '_', absl::SkipEmpty());
  const std::string entity =
      table_words.empty() ? "" : SingularizeWord(table_words.back());
  static const std::set<std::string>* const kPeople = new std::set<std::string>{
      "user", "customer", "member", "employee", "person", "contact",
      "student", "patient", "client", "subscriber", "author", "applicant"};
  if ((name == "name" || name == "surname" || name == "given_name" ||
       name == "family_name") &&
      kPeople->count(entity) > 0) {
    return PiiClass{"personal name", false, false};
  }
  return std::nullopt;
}

}  // namespace baton::agents::schema
