// Synthetic domain cards for benchmarks and scale tests: card i has its own
// made-up vocabulary (so cards do not shadow each other), about 30 trigger
// patterns (20 keywords, some multi-word, 5 tech-stack mentions, 5 file
// globs) and 5 workflows with 2 trigger phrases each, in the markdown format
// of domains/data.md, so that they go through the real card loader.
//
// Thread-safety: pure functions.
#ifndef BATON_ROUTER_SYNTHETIC_CARDS_H_
#define BATON_ROUTER_SYNTHETIC_CARDS_H_

#include <string>
#include <vector>

namespace baton::router {

inline constexpr int kSyntheticKeywords = 20;
inline constexpr int kSyntheticTechStack = 5;
inline constexpr int kSyntheticGlobs = 5;
inline constexpr int kSyntheticWorkflows = 5;

// The made-up word `j` of card `i`, e.g. "zorbaquen" (letters only, unique
// per (i, j)).
std::string SyntheticWord(int card, int j);

// The markdown text of synthetic card `i` (domain "synthetic-<i>").
std::string SyntheticCard(int card);

// A request of about `length` characters written like a user's, naming a
// few keywords and a trigger phrase's words of `card` among ordinary words.
std::string SyntheticRequest(int card, size_t length);

}  // namespace baton::router

#endif  // BATON_ROUTER_SYNTHETIC_CARDS_H_
