#include "router/synthetic_cards.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace baton::router {
namespace {

constexpr const char* kSyllables[] = {
    "zor", "bla", "quen", "tri", "vox", "mel", "dra", "pik", "sun", "gor",
    "lex", "fra", "nim", "bor", "cal", "wen", "tus", "kra", "lio", "pha",
    "dex", "mur", "sol", "yan", "ket", "rho", "vin", "gal", "tox", "bel",
    "cor", "fen"};
constexpr int kSyllableCount = sizeof(kSyllables) / sizeof(kSyllables[0]);

constexpr const char* kVerbs[] = {"add", "build", "create", "fix", "tune"};
constexpr const char* kAgents[] = {"spec-manager", "systems-architect",
                                   "infrastructure-specialist",
                                   "qa-specialist", "git-workflow-manager"};

}  // namespace

std::string SyntheticWord(int card, int j) {
  // Three syllables from the card number and the word number: distinct for
  // card < 32 * 32 and j < 32.
  return absl::StrCat(kSyllables[card % kSyllableCount],
                      kSyllables[(card / kSyllableCount + j * 7) %
                                 kSyllableCount],
                      kSyllables[j % kSyllableCount], "a");
}

std::string SyntheticCard(int card) {
  std::string text = absl::StrCat(
      "---\ndomain: synthetic-", card, "\npriority: ", 10 + card % 5,
      "\nprimary_agent: infrastructure-specialist\n"
      "secondary_agents: [qa-specialist]\n---\n\n"
      "# Domain: Synthetic ",
      card, "\n\n## Agent Workflows\n\n");
  for (int w = 0; w < kSyntheticWorkflows; ++w) {
    const std::string object = SyntheticWord(card, 20 + w);
    const std::string scope = SyntheticWord(card, 25 + w);
    absl::StrAppend(&text, "### ", SyntheticWord(card, w), " ", object,
                    " Workflow\n**Trigger**: \"", kVerbs[w], " ", object,
                    " for ", scope, "\", \"", kVerbs[(w + 1) % 5], " the ",
                    SyntheticWord(card, w), " ", object, "\"\n```\n",
                    kAgents[w % 5], " (", kVerbs[w], " it) \xE2\x86\x92 ",
                    kAgents[(w + 3) % 5], "\n```\n\n");
  }
  absl::StrAppend(&text, "## Triggers\n\n### Keywords\n");
  for (int group = 0; group < 4; ++group) {
    std::vector<std::string> keywords;
    for (int k = 0; k < kSyntheticKeywords / 4; ++k) {
      const int j = group * (kSyntheticKeywords / 4) + k;
      // Every fifth keyword has two words.
      keywords.push_back(k == 4 ? absl::StrCat(SyntheticWord(card, j), " ",
                                               SyntheticWord(card, j + 1))
                                : SyntheticWord(card, j));
    }
    absl::StrAppend(&text, "- **Group ", group, "**: ",
                    absl::StrJoin(keywords, ", "), "\n");
  }
  absl::StrAppend(&text, "\n### File Patterns\n");
  for (int g = 0; g < kSyntheticGlobs; ++g) {
    absl::StrAppend(&text, "- `", SyntheticWord(card, g),
                    g % 2 == 0 ? "/**/*`\n" : "/*.cfg`\n");
  }
  std::vector<std::string> tech;
  for (int t = 0; t < kSyntheticTechStack; ++t) {
    tech.push_back(absl::StrCat(SyntheticWord(card, 10 + t), "DB"));
  }
  absl::StrAppend(&text, "\n### Tech Stack Mentions\n- ",
                  absl::StrJoin(tech, ", "), "\n");
  return text;
}

std::string SyntheticRequest(int card, size_t length) {
  std::string request = absl::StrCat(
      "Hi team, could you please ", kVerbs[2], " the ", SyntheticWord(card, 0),
      " ", SyntheticWord(card, 20), " for ", SyntheticWord(card, 25),
      "? It touches the ", SyntheticWord(card, 3), " and the ",
      SyntheticWord(card, 12), "DB setup, and ", SyntheticWord(card, 7),
      " too.");
  constexpr const char* kFiller[] = {
      "we", "would", "like", "this", "done", "before", "the", "next",
      "release", "because", "customers", "keep", "asking", "about", "it",
      "and", "the", "current", "state", "is", "confusing", "for", "everyone",
      "involved", "so", "thanks", "a", "lot", "in", "advance"};
  size_t i = 0;
  while (request.size() < length) {
    absl::StrAppend(&request, " ", kFiller[i++ % 30]);
  }
  request.resize(length);
  return request;
}

}  // namespace baton::router
