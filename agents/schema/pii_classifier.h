// Decides whether a column holds personal data (PII) that needs encryption
// or masking, from its table, name and declared type (the card's Scenario 2:
// "Check if phone_number contains PII; verify encryption requirements; add
// to data masking rules"). Builds on agents/data/pii_columns.h and adds
// identity documents, bank details, card security codes and person names on
// person tables, while leaving out columns that only describe PII
// (email_verified_at, is_phone_verified) or already protect it (ssn_hash,
// card_last4, email_encrypted, payment_token).
// Stateless; thread-safe.
#ifndef BATON_AGENTS_SCHEMA_PII_CLASSIFIER_H_
#define BATON_AGENTS_SCHEMA_PII_CLASSIFIER_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace baton::agents::schema {

struct PiiClass {
  std::string kind;  // "email address", "payment card number", ...
  // Identity documents, government ids, payment and bank details, dates of
  // birth: encrypt at rest, not only mask.
  bool sensitive = false;
  // Data that must not be stored at all (card security codes, PCI DSS).
  bool forbidden = false;
};

// nullopt when the column is not personal data or is already protected.
std::optional<PiiClass> ClassifyPiiColumn(absl::string_view table,
                                          absl::string_view column,
                                          absl::string_view type);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_PII_CLASSIFIER_H_
