// Recognises column names that usually hold personal data (PII), so the data
// agents can ask for encryption and masking (the card's Scenario 2).
// Stateless; thread-safe.
#ifndef BATON_AGENTS_DATA_PII_COLUMNS_H_
#define BATON_AGENTS_DATA_PII_COLUMNS_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace baton::agents::data {

// What kind of personal data a column named `column` likely holds ("phone
// number", "email address", ...), judged by its snake_case words; nullopt
// when the name suggests none.
std::optional<std::string> PiiKind(absl::string_view column);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_PII_COLUMNS_H_
