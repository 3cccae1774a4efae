// Built-in vocabulary the router applies to every card, so that users need
// not spell things the way a card author did:
//  - aliases: names of the same technology or concept (`Postgres` is
//    `PostgreSQL`, `k8s` is `Kubernetes`, `DB` is `database`). A card's
//    keyword or tech-stack mention also matches each alias of it; cards add
//    their own under `### Aliases` (domains/domain.proto AliasGroup).
//  - synonyms: intent words that mean the same to a workflow (`remove` and
//    `delete` are `drop`; `configure` is `set`). The tokenizer replaces a
//    word by its canonical synonym before stemming, in requests and cards
//    alike.
// All entries are lowercase ASCII.
//
// Thread-safety: immutable tables; safe to call concurrently.
#ifndef BATON_ROUTER_LEXICON_H_
#define BATON_ROUTER_LEXICON_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace baton::router {

// The other names of `term` (lowercase, words separated by single spaces),
// not including `term` itself; empty when it has none.
const std::vector<std::string>& BuiltinAliases(absl::string_view term);

// The canonical word for `lowercase_word`, or the word itself.
absl::string_view CanonicalSynonym(absl::string_view lowercase_word);

// Every word that has a canonical synonym other than itself.
std::vector<std::string> SynonymWords();

}  // namespace baton::router

#endif  // BATON_ROUTER_LEXICON_H_
