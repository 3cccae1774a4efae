#include "agents/schema/design_request.h"

#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "agents/schema/naming.h"
#include "re2/re2.h"

namespace baton::agents::schema {
namespace {

// Words that end a phrase naming an entity.
const std::set<std::string>& BoundaryWords() {
  static const std::set<std::string>* const words = new std::set<std::string>{
      "for",   "with",    "of",      "and",    "or",      "to",
      "in",    "on",      "by",      "from",   "design",  "create",
      "draw",  "model",   "make",    "build",  "add",     "schema",
      "database", "erd",  "diagram", "where",  "that",    "which",
      "including", "covering", "containing", "between", "plus", "also",
      "then", "is",      "are",     "has",    "have",    "belongs",
      "belong", "belonging", "many",  "one",   "as",      "using"};
  return *words;
}

const std::set<std::string>& Articles() {
  static const std::set<std::string>* const words = new std::set<std::string>{
      "a",    "an",    "the",   "some", "our",   "my",     "their", "its",
      "each", "every", "all",   "new",  "simple", "basic", "single", "your",
      "many", "multiple", "several", "one"};
  return *words;
}

// Words that never name an entity on their own.
const std::set<std::string>& NotEntities() {
  static const std::set<std::string>* const words = new std::set<std::string>{
      "database", "db",          "schema",   "schemas",  "erd",
      "diagram",  "diagrams",    "design",   "relationship",
      "relationships", "relation", "relations", "table",  "tables",
      "entity",   "entities",    "model",    "models",   "postgres",
      "postgresql", "mysql",     "sqlite",   "app",      "application",
      "system",   "project",     "it",       "them",     "everything",
      "things",   "stuff",       "data",     "er",       "structure",
      "keys",     "indexes",     "constraints", "migrations", "migration"};
  return *words;
}

// Trailing words dropped from a phrase: "users table" -> "users".
const std::set<std::string>& TrailingNouns() {
  static const std::set<std::string>* const words = new std::set<std::string>{
      "table", "tables", "entity", "entities", "model", "models",
      "record", "records", "schema", "data", "info"};
  return *words;
}

// Common attribute names: "users with email" adds a column, not an entity.
const std::set<std::string>& AttributeWords() {
  static const std::set<std::string>* const words = new std::set<std::string>{
      "email", "phone", "phone_number", "name", "first_name", "last_name",
      "full_name", "password", "password_hash", "status", "price", "title",
      "description", "birthday", "date_of_birth", "dob", "age", "quantity",
      "total", "amount", "sku", "slug", "username", "bio", "avatar",
      "avatar_url", "url", "rating", "body", "content", "currency", "country",
      "address", "city", "zip", "postal_code", "timezone", "locale"};
  return *words;
}

// Domains that stand for their usual entities.
std::vector<std::string> Preset(const std::string& phrase) {
  const std::string snake = ToSnakeCase(phrase);
  if (snake == "e_commerce" || snake == "ecommerce" || snake == "e_commerce_store" ||
      snake == "ecommerce_store" || snake == "online_store" ||
      snake == "online_shop" || snake == "webshop" || snake == "shop" ||
      snake == "store" || snake == "e_commerce_site" || snake == "e_commerce_app") {
    return {"users", "products", "orders", "order_items"};
  }
  if (snake == "blog" || snake == "blog_platform" || snake == "blog_app") {
    return {"users", "posts", "comments"};
  }
  return {};
}

std::vector<std::string> Words(absl::string_view text) {
  std::vector<std::string> words;
  std::string current;
  for (char c : text) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_') {
      current.push_back(c);
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

void TrimTrailingNouns(std::vector<std::string>* words) {
  while (words->size() > 1 && TrailingNouns().count(words->back()) > 0) {
    words->pop_back();
  }
}

// The up-to-three words naming an entity at the end of `text`.
std::string TrailingPhrase(absl::string_view text) {
  std::vector<std::string> words = Words(text);
  std::vector<std::string> phrase;
  for (auto it = words.rbegin(); it != words.rend() && phrase.size() < 3; ++it) {
    if (BoundaryWords().count(*it) > 0 || Articles().count(*it) > 0) break;
    if (phrase.empty() && TrailingNouns().count(*it) > 0) continue;
    phrase.insert(phrase.begin(), *it);
  }
  return absl::StrJoin(phrase, " ");
}

// The up-to-three words naming an entity at the start of `text`.
std::string LeadingPhrase(absl::string_view text) {
  std::vector<std::string> words = Words(text);
  std::vector<std::string> phrase;
  size_t i = 0;
  while (i < words.size() && Articles().count(words[i]) > 0) ++i;
  for (; i < words.size() && phrase.size() < 3; ++i) {
    if (BoundaryWords().count(words[i]) > 0 || Articles().count(words[i]) > 0) {
      break;
    }
    phrase.push_back(words[i]);
  }
  TrimTrailingNouns(&phrase);
  return absl::StrJoin(phrase, " ");
}

// `chunk`'s words without leading articles.
std::string Unarticled(absl::string_view chunk) {
  std::vector<std::string> words = Words(chunk);
  size_t i = 0;
  while (i < words.size() && Articles().count(words[i]) > 0) ++i;
  return absl::StrJoin(words.begin() + static_cast<std::ptrdiff_t>(i),
                       words.end(), " ");
}

// A cleaned entity phrase, or "" when `chunk` names no entity.
std::string CleanChunk(absl::string_view chunk) {
  std::vector<std::string> words = Words(chunk);
  size_t i = 0;
  while (i < words.size() && Articles().count(words[i]) > 0) ++i;
  words.erase(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(i));
  TrimTrailingNouns(&words);
  if (words.empty() || words.size() > 3) return "";
  for (const std::string& word : words) {
    if (NotEntities().count(word) > 0 || BoundaryWords().count(word) > 0 ||
        !absl::ascii_isalpha(static_cast<unsigned char>(word[0])) ||
        word.size() < 2) {
      return "";
    }
  }
  return absl::StrJoin(words, " ");
}

class Parser {
 public:
  explicit Parser(absl::string_view text) { request_.text = std::string(text); }

  absl::StatusOr<DesignRequest> Parse() {
    std::string lower = absl::AsciiStrToLower(request_.text);
    static const RE2 kSoftDelete(
        R"(\b(?:with\s+|and\s+|using\s+|plus\s+)?(?:soft[\s-]*delet(?:e|es|ed|ion|ing|able)|deleted_at)\b)");
    request_.soft_delete = RE2::GlobalReplace(&lower, kSoftDelete, " ") > 0;
    static const RE2 kDiagram(
        R"(\b(?:erds?|er\s+diagrams?|entity[\s-]+relationship|diagrams?)\b)");
    request_.wants_diagram = RE2::PartialMatch(lower, kDiagram);
    ExtractColumnLists(&lower);
    ExtractManyToMany(&lower);

    static const RE2 kClauseBreak(R"([;.:!?]|\bwhere\b|\bsuch that\b)");
    RE2::GlobalReplace(&lower, kClauseBreak, "\n");
    for (absl::string_view clause : absl::StrSplit(lower, '\n')) {
      std::string text(clause);
      const bool had_relation = ExtractRelations(&text);
      if (!ExtractEntities(text) && !had_relation) FallbackEntities(text);
    }
    for (const RequestedRelation& relation : relations_) {
      AddEntity(relation.child);
      AddEntity(relation.parent);
    }
    for (RequestedEntity& entity : request_.entities) {
      auto it = columns_.find(entity.table);
      if (it != columns_.end()) entity.columns = it->second;
    }
    for (RequestedRelation& relation : relations_) {
      relation.child = TableNameFor(relation.child);
      relation.parent = TableNameFor(relation.parent);
      request_.relations.push_back(std::move(relation));
    }
    if (request_.entities.empty() && !request_.wants_diagram) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the request \"", request_.text,
          "\" names nothing to design: name the entities, e.g. \"Design "
          "database schema for users and orders\" (relationships such as "
          "\"orders belong to users\" and \"with soft delete\" are "
          "understood), or ask for a diagram of the existing schema with "
          "\"Create ERD\""));
    }
    return request_;
  }

 private:
  void AddEntity(const std::string& phrase) {
    const std::string table = TableNameFor(phrase);
    if (table.empty()) return;
    for (const RequestedEntity& entity : request_.entities) {
      if (entity.table == table) return;
    }
    request_.entities.push_back({phrase, table, {}});
  }

  // "customers (email, phone)": remembers the columns, removes the list.
  void ExtractColumnLists(std::string* text) {
    static const RE2 kList(R"(\(([^()]*)\))");
    re2::StringPiece input(*text);
    std::string result;
    re2::StringPiece inside;
    while (RE2::PartialMatch(input, kList, &inside)) {
      const size_t open = static_cast<size_t>(inside.data() - input.data()) - 1;
      const std::string before(input.substr(0, open));
      const std::string phrase = TrailingPhrase(before);
      if (!phrase.empty()) {
        std::vector<std::string>& columns = columns_[TableNameFor(phrase)];
        static const RE2 kAnd(R"(\band\b)");
        std::string list(inside);
        RE2::GlobalReplace(&list, kAnd, ",");
        for (absl::string_view part : absl::StrSplit(list, ',')) {
          std::string column = ToSnakeCase(part);
          if (!column.empty() && absl::ascii_isalpha(static_cast<unsigned char>(column[0]))) {
            columns.push_back(column);
          }
        }
      }
      absl::StrAppend(&result, before, " ");
      input.remove_prefix(open + inside.size() + 2);
    }
    absl::StrAppend(&result, std::string(input));
    *text = result;
  }

  void ExtractManyToMany(std::string* text) {
    static const RE2 kPairFirst(
        R"(([a-z][a-z_ ]*?)\s+and\s+([a-z][a-z_ ]*?)\s+(?:are\s+|is\s+)?(?:in\s+an?\s+)?many[\s-]+to[\s-]+many)");
    static const RE2 kBetween(
        R"(many[\s-]+to[\s-]+many\s+(?:relationship\s+|relation\s+|link\s+)?between\s+([a-z][a-z_ ]*?)\s+and\s+([a-z][a-z_]*(?:\s+[a-z][a-z_]*)?))");
    std::string a, b;
    if (RE2::PartialMatch(*text, kBetween, &a, &b) ||
        RE2::PartialMatch(*text, kPairFirst, &a, &b)) {
      const std::string first = TrailingPhrase(a);
      const std::string second = LeadingPhrase(b);
      if (!first.empty() && !second.empty()) {
        relations_.push_back({RequestedRelation::Kind::kManyToMany, first, second,
                              absl::StrCat(first, " and ", second, " are many-to-many")});
      }
      static const RE2 kWords(
          R"((?:\s+(?:are|is))?\s+(?:in\s+an?\s+)?(?:an?\s+)?many[\s-]+to[\s-]+many(?:\s+(?:relationship|relation|link))?(?:\s+between)?)");
      RE2::GlobalReplace(text, kWords, " and ");
    }
  }

  // Finds "X belongs to Y", "X has many Y", "X has one Y" in `clause`,
  // records them, and leaves "X and Y" in their place.
  bool ExtractRelations(std::string* clause) {
    static const RE2 kConnector(
        R"((\s+(?:belongs?|belonging)\s+to\s+(?:an?\s+|the\s+|one\s+|a\s+single\s+)?|\s+(?:has|have|having|with)\s+(?:many|multiple|several|one\s+or\s+more|zero\s+or\s+more)\s+|\s+(?:has|have|having|with)\s+(?:one|an?|a\s+single|exactly\s+one)\s+))");
    bool found = false;
    size_t from = 0;
    re2::StringPiece connector;
    while (from < clause->size() &&
           RE2::PartialMatch(re2::StringPiece(*clause).substr(from), kConnector,
                             &connector)) {
      const size_t at = static_cast<size_t>(connector.data() - clause->data());
      const std::string before = clause->substr(0, at);
      const std::string after = clause->substr(at + connector.size());
      const std::string left = TrailingPhrase(before);
      const std::string right = LeadingPhrase(after);
      const std::string words(absl::StripAsciiWhitespace(
          absl::string_view(connector.data(), connector.size())));
      if (left.empty() || right.empty()) {
        from = at + connector.size();  // Not a relationship: leave it.
        continue;
      }
      RequestedRelation relation;
      relation.phrase = absl::StrCat(left, " ", words, " ", right);
      if (absl::StartsWith(words, "belong")) {
        relation.kind = RequestedRelation::Kind::kBelongsTo;
        relation.child = left;
        relation.parent = right;
      } else {
        const bool many = absl::StrContains(words, "many") ||
                          absl::StrContains(words, "multiple") ||
                          absl::StrContains(words, "several") ||
                          absl::StrContains(words, "more");
        relation.kind = many ? RequestedRelation::Kind::kBelongsTo
                             : RequestedRelation::Kind::kHasOne;
        relation.child = right;
        relation.parent = left;
      }
      relations_.push_back(std::move(relation));
      found = true;
      *clause = absl::StrCat(before, " and ", after);
      from = before.size() + 5;
    }
    return found;
  }

  // Entities after "for" / "with" / "of" / ...; false when there is none.
  bool ExtractEntities(const std::string& clause) {
    static const RE2 kMarker(
        R"(\b(?:for|with|of|including|covering|containing|between)\s+(.*)$)");
    std::string rest;
    if (!RE2::PartialMatch(clause, kMarker, &rest)) return false;
    return AddChunks(rest) > 0;
  }

  // "Design the orders and payments tables".
  void FallbackEntities(const std::string& clause) {
    static const RE2 kVerbObject(
        R"(\b(?:design|create|model|draft|draw|build)\s+(.+)\s+(?:database\s+)?(?:schemas?|tables?|data\s+models?|models?|erds?|diagrams?)\b)");
    std::string object;
    if (RE2::PartialMatch(clause, kVerbObject, &object)) AddChunks(object);
  }

  int AddChunks(std::string text) {
    static const RE2 kSeparator(
        R"(,|&|\+|/|\band\b|\bwith\b|\bplus\b|\bincluding\b|\bas well as\b|\bor\b)");
    // Mark the chunks that follow "with", for attribute detection.
    static const RE2 kWith(R"(\bwith\b)");
    RE2::GlobalReplace(&text, kWith, ",\x01");
    RE2::GlobalReplace(&text, kSeparator, "|");
    int added = 0;
    std::string previous_table;
    bool attributes_allowed = false;
    for (absl::string_view raw : absl::StrSplit(text, '|')) {
      std::string part(absl::StripAsciiWhitespace(raw));
      if (!part.empty() && part[0] == '\x01') {
        attributes_allowed = true;
        part.erase(0, 1);
      }
      const std::vector<std::string> preset = Preset(Unarticled(part));
      if (!preset.empty()) {
        for (const std::string& table : preset) AddEntity(table);
        added += static_cast<int>(preset.size());
        continue;
      }
      const std::string phrase = CleanChunk(part);
      if (phrase.empty()) continue;
      const std::string snake = ToSnakeCase(phrase);
      if (attributes_allowed && !previous_table.empty() &&
          AttributeWords().count(snake) > 0) {
        columns_[previous_table].push_back(snake);
        continue;
      }
      attributes_allowed = false;
      AddEntity(phrase);
      previous_table = TableNameFor(phrase);
      ++added;
    }
    return added;
  }

  DesignRequest request_;
  std::vector<RequestedRelation> relations_;
  std::map<std::string, std::vector<std::string>> columns_;
};

}  // namespace

absl::StatusOr<DesignRequest> ParseDesignRequest(absl::string_view text) {
  return Parser(text).Parse();
}

}  // namespace baton::agents::schema
