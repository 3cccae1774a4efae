#include "agents/data/query_source.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "agents/data/code_scan.h"
#include "agents/data/query_shape.h"
#include "agents/data/sql_parser.h"
#include "re2/re2.h"

namespace baton::agents::data {
namespace {

namespace fs = std::filesystem;

absl::StatusOr<std::string> Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> Words(absl::string_view text) {
  std::vector<std::string> words;
  static const RE2 kWord(R"(([A-Za-z0-9_]+))");
  re2::StringPiece input(text.data(), text.size());
  std::string word;
  while (RE2::FindAndConsume(&input, kWord, &word)) {
    words.push_back(absl::AsciiStrToLower(word));
  }
  return words;
}

// The SELECT statements of a .sql file, with their line numbers.
absl::StatusOr<std::vector<CandidateQuery>> SqlFileQueries(
    const std::string& relative, const std::string& text) {
  absl::StatusOr<std::vector<SqlStatement>> statements = SplitSqlStatements(text);
  if (!statements.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(relative, ": ", statements.status().message()));
  }
  std::vector<CandidateQuery> queries;
  for (const SqlStatement& statement : *statements) {
    absl::StatusOr<QueryShape> shape = AnalyzeQuery(statement.text);
    if (!shape.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          relative, ":", statement.line, ": ", shape.status().message()));
    }
    if (shape->kind != "SELECT") continue;
    queries.push_back({statement.text, absl::StrCat(relative, ":", statement.line)});
  }
  return queries;
}

struct Lookup {
  const ColumnInfo* column = nullptr;
  int score = 0;
  std::string why;
};

Lookup Score(const TableInfo& table, const ColumnInfo& column) {
  const std::string name = absl::AsciiStrToLower(column.name);
  Lookup lookup;
  lookup.column = &column;
  auto has = [&](absl::string_view word) { return absl::StrContains(name, word); };
  if (has("email")) {
    lookup = {&column, 100, absl::StrCat(table.name, " rows are typically looked up by email (sign-in, password reset)")};
  } else if (name == "username" || name == "login" || name == "handle") {
    lookup = {&column, 95, "sign-in looks rows up by user name"};
  } else if (name == "slug") {
    lookup = {&column, 90, "pages are fetched by slug"};
  } else if (has("uuid") || name == "external_id" || has("token") || name == "code" ||
             name == "sku" || name == "reference") {
    lookup = {&column, 85, "external identifiers are looked up one at a time"};
  } else if (has("phone")) {
    lookup = {&column, 80, "contacts are looked up by phone number"};
  } else if (absl::EndsWith(name, "_id")) {
    lookup = {&column, 70, absl::StrCat(column.name, " is how rows are fetched per parent (and joined)")};
  } else if (name == "status" || name == "state") {
    lookup = {&column, 50, "work queues filter by status"};
  } else if (absl::EndsWith(name, "_at")) {
    lookup = {&column, 40, "recent rows are listed by time range"};
  } else if (has("name") || has("title")) {
    lookup = {&column, 30, "search by name"};
  } else {
    lookup = {&column, 10, "no better candidate"};
  }
  return lookup;
}

const IndexInfo* LeadingIndex(const TableInfo& table, const std::string& column) {
  for (const IndexInfo& index : table.indexes) {
    if (!index.partial && !index.columns.empty() &&
        absl::EqualsIgnoreCase(index.columns[0], column)) {
      return &index;
    }
  }
  return nullptr;
}

std::string Identifier(const std::string& name) {
  static const RE2 kPlain("[a-z_][a-z0-9_]*");
  return RE2::FullMatch(name, kPlain) ? name : QuoteIdentifier(name);
}

absl::StatusOr<QuerySelection> Derive(absl::string_view request_text,
                                      const SchemaSnapshot& schema,
                                      const std::string& context) {
  const std::string table_name = TableNamedIn(request_text, schema);
  if (table_name.empty()) {
    // "Query on userz table is slow": name the table that is not there.
    static const RE2 kNamed(R"((?i)\b([A-Za-z_][A-Za-z0-9_]*)\s+table\b)");
    std::string named;
    const std::string text(request_text);
    std::string tables = absl::StrJoin(schema.TableNames(), ", ");
    if (RE2::PartialMatch(text, kNamed, &named) &&
        absl::AsciiStrToLower(named) != "the" && absl::AsciiStrToLower(named) != "a") {
      return absl::FailedPreconditionError(absl::StrCat(
          "table \"", named, "\" does not exist; the migrations define ",
          tables.empty() ? "no tables" : absl::StrCat("these tables: ", tables)));
    }
    return absl::FailedPreconditionError(absl::StrCat(
        "no query to analyze: ", context,
        " and the request names none of the tables (", tables,
        "); pass the slow query with --file path/to/query.sql"));
  }
  const TableInfo& table = *schema.FindTable(table_name);
  std::vector<Lookup> candidates;
  for (const ColumnInfo& column : table.columns) {
    if (column.primary_key_position > 0) continue;
    candidates.push_back(Score(table, column));
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Lookup& a, const Lookup& b) { return a.score > b.score; });
  std::vector<std::string> skipped;
  const Lookup* chosen = nullptr;
  for (const Lookup& candidate : candidates) {
    if (const IndexInfo* index = LeadingIndex(table, candidate.column->name)) {
      skipped.push_back(absl::StrCat(candidate.column->name, " (already indexed by ",
                                     index->name, ")"));
      continue;
    }
    chosen = &candidate;
    break;
  }
  if (chosen == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no query to analyze: ", context, "; every lookup column of ", table.name,
        " is already indexed (", absl::StrJoin(skipped, ", "),
        "), so no derived lookup would be slow; pass the slow query with "
        "--file path/to/query.sql"));
  }
  std::vector<std::string> columns;
  for (const ColumnInfo& column : table.columns) columns.push_back(Identifier(column.name));
  const std::string column = Identifier(chosen->column->name);
  const bool range = absl::EndsWith(absl::AsciiStrToLower(chosen->column->name), "_at");
  CandidateQuery query;
  query.origin = "derived from the request";
  query.sql = absl::StrCat("SELECT ", absl::StrJoin(columns, ", "), " FROM ",
                           Identifier(table.name), " WHERE ", column,
                           range ? " >= $1 ORDER BY " + column + " LIMIT 100"
                                 : " = $1");
  QuerySelection selection;
  selection.derived = true;
  selection.queries.push_back(query);
  selection.explanation = absl::StrCat(
      context, "; derived a representative query from the request: table ",
      table.name, " (named in the request), filtered by ", chosen->column->name,
      ", its most likely lookup column (", chosen->why, ")",
      skipped.empty() ? "" : absl::StrCat("; skipped ", absl::StrJoin(skipped, ", ")),
      ". Query: ", query.sql, " with $1 = a value present in the generated rows");
  return selection;
}

absl::Status AddCodeFile(const std::string& relative, const std::string& text,
                         QuerySelection* selection) {
  CodeScan scan = ScanCode(text, LanguageOf(relative));
  std::set<int> flagged;
  for (const EmbeddedQuery& embedded : scan.queries) {
    absl::StatusOr<QueryShape> shape = AnalyzeQuery(embedded.sql);
    if (!shape.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          relative, ":", embedded.line, ": ", shape.status().message()));
    }
    if (embedded.in_loop && flagged.insert(embedded.line).second) {
      selection->n_plus_one.push_back({absl::StrCat(relative, ":", embedded.line),
                                       absl::StrCat(relative, ":", embedded.loop_line),
                                       embedded.sql});
    }
    if (shape->kind == "SELECT") {
      selection->queries.push_back(
          {embedded.sql, absl::StrCat(relative, ":", embedded.line)});
    }
  }
  for (const LoopLookup& lookup : scan.loop_lookups) {
    // The call that sends a flagged query (its SQL may start lines below).
    bool sends_flagged = false;
    for (const EmbeddedQuery& embedded : scan.queries) {
      if (embedded.in_loop && embedded.loop_line == lookup.loop_line &&
          embedded.line >= lookup.line && embedded.line <= lookup.line + 3) {
        sends_flagged = true;
      }
    }
    if (sends_flagged || !flagged.insert(lookup.line).second) continue;
    selection->n_plus_one.push_back({absl::StrCat(relative, ":", lookup.line),
                                     absl::StrCat(relative, ":", lookup.loop_line),
                                     lookup.call});
  }
  return absl::OkStatus();
}

}  // namespace

std::string TableNamedIn(absl::string_view request_text, const SchemaSnapshot& schema) {
  for (const std::string& word : Words(request_text)) {
    for (const std::string& candidate :
         {word, word + "s", word + "es",
          absl::EndsWith(word, "s") ? word.substr(0, word.size() - 1) : word}) {
      if (const TableInfo* table = schema.FindTable(candidate)) return table->name;
    }
  }
  return "";
}

absl::StatusOr<QuerySelection> FindQueries(const std::string& repo_root,
                                           absl::string_view request_text,
                                           const std::vector<std::string>& files,
                                           const SchemaSnapshot& schema) {
  QuerySelection selection;
  std::vector<std::string> ignored;
  for (const std::string& relative : files) {
    absl::StatusOr<std::string> text = Read(fs::path(repo_root) / relative);
    if (!text.ok()) {
      return absl::NotFoundError(absl::StrCat("--file ", relative, " does not exist in ",
                                              repo_root));
    }
    if (absl::EndsWith(absl::AsciiStrToLower(relative), ".sql")) {
      absl::StatusOr<std::vector<CandidateQuery>> queries = SqlFileQueries(relative, *text);
      if (!queries.ok()) return queries.status();
      selection.queries.insert(selection.queries.end(), queries->begin(), queries->end());
    } else if (LanguageOf(relative) != CodeLanguage::kUnknown) {
      absl::Status status = AddCodeFile(relative, *text, &selection);
      if (!status.ok()) return status;
    } else {
      ignored.push_back(relative);
    }
  }
  if (!selection.queries.empty()) {
    std::vector<std::string> origins;
    for (const CandidateQuery& query : selection.queries) origins.push_back(query.origin);
    selection.explanation =
        absl::StrCat("analyzed the queries of the --file paths: ", absl::StrJoin(origins, ", "));
    return selection;
  }
  if (!files.empty() && selection.n_plus_one.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "no SQL query in ", absl::StrJoin(files, ", "),
        " (looked for SELECT statements in .sql files and SQL strings in "
        ".js/.ts/.py code)"));
  }

  // Saved queries of the repository.
  std::vector<std::pair<CandidateQuery, QueryShape>> saved;
  std::string searched;
  std::error_code error;
  for (absl::string_view directory : kQueryDirectories) {
    const fs::path root = fs::path(repo_root) / std::string(directory);
    if (!fs::is_directory(root, error)) continue;
    if (searched.empty()) searched = absl::StrCat(directory, "/");
    std::vector<std::string> paths;
    for (fs::recursive_directory_iterator it(root, error), end; !error && it != end;
         it.increment(error)) {
      if (it->is_regular_file(error) && it->path().extension() == ".sql") {
        paths.push_back((fs::path(std::string(directory)) /
                         it->path().lexically_relative(root)).generic_string());
      }
    }
    std::sort(paths.begin(), paths.end());
    for (const std::string& relative : paths) {
      absl::StatusOr<std::string> text = Read(fs::path(repo_root) / relative);
      if (!text.ok()) return text.status();
      absl::StatusOr<std::vector<CandidateQuery>> queries = SqlFileQueries(relative, *text);
      if (!queries.ok()) return queries.status();
      for (const CandidateQuery& query : *queries) {
        absl::StatusOr<QueryShape> shape = AnalyzeQuery(query.sql);
        if (shape.ok()) saved.emplace_back(query, *shape);
      }
    }
  }
  const std::string table = TableNamedIn(request_text, schema);
  std::set<std::string> request_words;
  static const std::set<std::string> kStop = {"query", "queries", "slow", "optimize",
                                              "optimise", "table", "the", "on", "is",
                                              "for", "and", "with", "from", "sql"};
  for (const std::string& word : Words(request_text)) {
    if (word.size() >= 4 && kStop.count(word) == 0) request_words.insert(word);
  }
  std::vector<CandidateQuery> relevant;
  std::string reason;
  for (const auto& [query, shape] : saved) {
    bool reads_table = false;
    for (const std::string& read : shape.tables) {
      if (!table.empty() && absl::EqualsIgnoreCase(read, table)) reads_table = true;
    }
    bool named = false;
    const std::string file = query.origin.substr(0, query.origin.rfind(':'));
    for (const std::string& word : Words(fs::path(file).stem().string())) {
      if (request_words.count(word) > 0) named = true;
      for (const std::string& request_word : request_words) {
        if (request_word.size() >= 5 && absl::StartsWith(word, request_word.substr(0, 5))) {
          named = true;
        }
      }
    }
    if (reads_table || named) {
      relevant.push_back(query);
      if (reason.empty()) {
        reason = reads_table ? absl::StrCat("they read ", table, ", the table the request names")
                             : "their file names share words with the request";
      }
    }
  }
  if (relevant.size() > 10) relevant.resize(10);
  if (!relevant.empty()) {
    std::vector<std::string> origins;
    for (const CandidateQuery& query : relevant) origins.push_back(query.origin);
    selection.queries = relevant;
    selection.explanation =
        absl::StrCat("analyzed the saved queries ", absl::StrJoin(origins, ", "), " (",
                     reason, ")");
    return selection;
  }
  std::string context = files.empty() ? "no --file with a query" : "the --file code holds no SQL";
  absl::StrAppend(&context, searched.empty()
                                ? " and no saved queries (database/queries/)"
                                : absl::StrCat(" and no saved query in ", searched,
                                               " matches the request"));
  absl::StatusOr<QuerySelection> derived = Derive(request_text, schema, context);
  if (!derived.ok()) return derived.status();
  derived->n_plus_one = selection.n_plus_one;
  return derived;
}

}  // namespace baton::agents::data
