#include "domains/card_loader.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::domains {
namespace {

namespace fs = std::filesystem;
using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kOwnCard[] = "domains/data.md";
constexpr char kSeedCardName[] = "000_b890bf458ac260f5.txt";

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

// A fresh directory under TEST_TMPDIR.
fs::path MakeTempDir(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  fs::path dir = fs::path(tmp != nullptr ? tmp : "/tmp") / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// 1-based line of the first line of `text` equal to `line` that comes after
// the line equal to `after` (when given); 0 if absent.
int LineOf(const std::string& text, absl::string_view line,
           absl::string_view after = "") {
  int n = 1;
  bool searching = after.empty();
  for (absl::string_view l : absl::StrSplit(text, '\n')) {
    if (searching && l == line) return n;
    if (l == after) searching = true;
    ++n;
  }
  return 0;
}

// "agent(note) + agent | [gate]" for a workflow's stages.
std::string RenderStages(const Workflow& workflow) {
  std::vector<std::string> stages;
  for (const ChainStage& stage : workflow.stages()) {
    std::vector<std::string> steps;
    for (const ChainStep& step : stage.steps()) {
      if (step.kind() == ChainStep::HUMAN_GATE) {
        steps.push_back(absl::StrCat("[", step.note(), "]"));
      } else if (step.note().empty()) {
        steps.push_back(step.agent());
      } else {
        steps.push_back(absl::StrCat(step.agent(), "(", step.note(), ")"));
      }
    }
    stages.push_back(absl::StrJoin(steps, " + "));
  }
  return absl::StrJoin(stages, " | ");
}

std::vector<std::string> WorkflowNames(const DomainCard& card) {
  std::vector<std::string> names;
  for (const Workflow& w : card.workflows()) names.push_back(w.name());
  return names;
}

std::vector<std::string> Strings(
    const google::protobuf::RepeatedPtrField<std::string>& field) {
  return std::vector<std::string>(field.begin(), field.end());
}

TEST(CardLoaderTest, OwnCardFrontMatter) {
  absl::StatusOr<DomainCard> card = LoadCard(kOwnCard);
  ASSERT_THAT(card, IsOk());
  EXPECT_EQ(card->domain(), "data");
  EXPECT_EQ(card->priority(), 1);
  EXPECT_EQ(card->primary_agent(), "infrastructure-specialist");
  EXPECT_THAT(
      card->secondary_agents(),
      ElementsAre("systems-architect", "security-auditor", "qa-specialist"));
  EXPECT_THAT(card->related_agents(),
              ElementsAre("debug-specialist", "dependency-scanner"));
  EXPECT_EQ(card->title(), "Domain: Data Engineering & Database Management");
  EXPECT_EQ(card->source_path(), kOwnCard);
  // Same bytes, same digest, whatever the path.
  EXPECT_EQ(card->content_sha256().size(), 64u);
  absl::StatusOr<DomainCard> again = ParseCard(ReadText(kOwnCard), "other");
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->content_sha256(), card->content_sha256());
  EXPECT_EQ(again->source_path(), "other");
}

TEST(CardLoaderTest, OwnCardWorkflowsInOrder) {
  absl::StatusOr<DomainCard> card = LoadCard(kOwnCard);
  ASSERT_THAT(card, IsOk());
  EXPECT_THAT(WorkflowNames(*card),
              ElementsAre("Database Schema Design", "Database Migration",
                          "Query Optimization", "ETL Pipeline Development",
                          "Data Migration", "Cache Implementation",
                          "Backup & Recovery"));

  const Workflow& migration = card->workflows(1);
  EXPECT_THAT(migration.trigger_phrases(),
              ElementsAre("Add new column to users table",
                          "Create migration for orders",
                          "Add index on orders.user_id", "Rename column",
                          "Drop legacy_phone from users"));
  EXPECT_EQ(RenderStages(migration),
            "infrastructure-specialist | qa-specialist(staging test) | "
            "git-workflow-manager");

  const Workflow& query = card->workflows(2);
  EXPECT_THAT(
      query.trigger_phrases(),
      ElementsAre("Slow query on users table", "Optimize report generation"));
  EXPECT_EQ(RenderStages(query),
            "debug-specialist(analyze query) | "
            "infrastructure-specialist(add indexes, rewrite query) | "
            "qa-specialist(verify performance)");
  EXPECT_EQ(query.chain_text(),
            "debug-specialist (analyze query) → infrastructure-specialist "
            "(add indexes, rewrite query) → qa-specialist (verify "
            "performance)");
  EXPECT_EQ(query.location().file(), kOwnCard);
  EXPECT_EQ(query.location().line(),
            LineOf(ReadText(kOwnCard), "### Query Optimization",
                   "## Agent Workflows"));
  EXPECT_GT(query.location().line(), 0);

  EXPECT_EQ(RenderStages(card->workflows(0)),
            "spec-manager | systems-architect | infrastructure-specialist | "
            "security-auditor | git-workflow-manager");
  EXPECT_THAT(card->workflows(0).trigger_phrases(),
              ElementsAre("Design database schema for users", "Create ERD"));
  EXPECT_EQ(RenderStages(card->workflows(6)),
            "infrastructure-specialist | security-auditor(verify encryption) "
            "| git-workflow-manager");
}

TEST(CardLoaderTest, OwnCardTriggers) {
  absl::StatusOr<DomainCard> card = LoadCard(kOwnCard);
  ASSERT_THAT(card, IsOk());
  const Triggers& triggers = card->triggers();
  ASSERT_EQ(triggers.keyword_groups_size(), 10);
  EXPECT_EQ(triggers.keyword_groups(0).category(), "Database");
  EXPECT_THAT(triggers.keyword_groups(0).keywords(),
              ElementsAre("database", "DB", "schema", "table", "column",
                          "query", "SQL", "NoSQL"));
  const KeywordGroup& performance = triggers.keyword_groups(7);
  EXPECT_EQ(performance.category(), "Performance");
  EXPECT_THAT(performance.keywords(), ElementsAre("slow query", "optimization",
                                                  "index", "performance"));
  EXPECT_EQ(performance.location().line(),
            LineOf(ReadText(kOwnCard),
                   "- **Performance**: slow query, optimization, index, "
                   "performance"));
  EXPECT_THAT(
      triggers.file_patterns(),
      ElementsAre("database/**/*", "db/**/*", "migrations/**/*", "*.sql",
                  "*.ddl", "dbt/**/*", "models/**/*", "airflow/**/*",
                  "dags/**/*", "*.model.ts", "*.schema.ts", "*.repository.ts"));
  EXPECT_EQ(triggers.tech_stack_size(), 19);
  EXPECT_EQ(triggers.tech_stack(0), "PostgreSQL");
  EXPECT_EQ(triggers.tech_stack(18), "Athena");
}

TEST(CardLoaderTest, OwnCardStandardsAndCoordination) {
  absl::StatusOr<DomainCard> card = LoadCard(kOwnCard);
  ASSERT_THAT(card, IsOk());
  ASSERT_EQ(card->quality_standards_size(), 5);
  EXPECT_EQ(card->quality_standards(1).title(), "Migration Standards");
  EXPECT_THAT(
      card->quality_standards(1).items(),
      ElementsAre("Version-controlled migrations",
                  "Test on staging before production",
                  "Backward-compatible changes", "Include rollback script",
                  "Document breaking changes", "No data loss in production"));
  EXPECT_EQ(card->quality_standards(2).items(2), "Avoid SELECT *");
  EXPECT_THAT(card->coordinate_with(),
              ElementsAre("backend", "infrastructure", "security", "frontend"));
}

// Where the user's original card lives: BATON_SEED_CARD, else
// <workspace>/../shared/seeds/, with <workspace> found by resolving the
// runfiles symlink of domains/data.md back to the source tree.
std::string SeedCardPath(std::string* looked) {
  if (const char* env = std::getenv("BATON_SEED_CARD");
      env != nullptr && *env != '\0') {
    *looked = absl::StrCat("BATON_SEED_CARD=", env);
    return env;
  }
  std::error_code ec;
  const fs::path own = fs::canonical(kOwnCard, ec);
  if (ec) {
    *looked =
        absl::StrCat("nowhere: cannot resolve ", kOwnCard, ": ", ec.message());
    return "";
  }
  const fs::path workspace = own.parent_path().parent_path();
  const fs::path seed =
      workspace.parent_path() / "shared" / "seeds" / kSeedCardName;
  *looked = seed.string();
  return seed.string();
}

TEST(CardLoaderTest, UsersOriginalCardMatchesOwnCard) {
  std::string looked;
  const std::string seed_path = SeedCardPath(&looked);
  ASSERT_FALSE(seed_path.empty()) << "looked " << looked;
  ASSERT_TRUE(fs::is_regular_file(seed_path))
      << "the user's original data card was not found; looked at " << looked
      << " (set BATON_SEED_CARD to its path)";

  absl::StatusOr<DomainCard> seed = LoadCard(seed_path);
  ASSERT_THAT(seed, IsOk());
  absl::StatusOr<DomainCard> own = LoadCard(kOwnCard);
  ASSERT_THAT(own, IsOk());

  EXPECT_EQ(seed->domain(), own->domain());
  EXPECT_EQ(seed->priority(), own->priority());
  EXPECT_EQ(seed->primary_agent(), own->primary_agent());
  EXPECT_EQ(Strings(seed->secondary_agents()),
            Strings(own->secondary_agents()));
  EXPECT_EQ(Strings(seed->related_agents()), Strings(own->related_agents()));
  EXPECT_EQ(seed->title(), own->title());

  ASSERT_EQ(seed->workflows_size(), 7);
  ASSERT_EQ(WorkflowNames(*seed), WorkflowNames(*own));
  for (int i = 0; i < seed->workflows_size(); ++i) {
    const Workflow& a = seed->workflows(i);
    const Workflow& b = own->workflows(i);
    SCOPED_TRACE(a.name());
    // Baton's card adds issue 5's examples of schema changes to the user's
    // phrases, and nothing else.
    std::vector<std::string> expected = Strings(a.trigger_phrases());
    if (a.name() == "Database Migration") {
      for (const char* added : {"Add index on orders.user_id", "Rename column",
                                "Drop legacy_phone from users"}) {
        expected.push_back(added);
      }
    }
    EXPECT_EQ(expected, Strings(b.trigger_phrases()));
    EXPECT_EQ(RenderStages(a), RenderStages(b));
    EXPECT_EQ(a.chain_text(), b.chain_text());
    ASSERT_EQ(a.stages_size(), b.stages_size());
    for (int s = 0; s < a.stages_size(); ++s) {
      EXPECT_EQ(a.stages(s).SerializeAsString(),
                b.stages(s).SerializeAsString());
    }
    EXPECT_EQ(a.location().line(),
              LineOf(ReadText(seed_path), absl::StrCat("### ", a.name()),
                     "## Agent Workflows"));
  }
  EXPECT_EQ(RenderStages(seed->workflows(2)),
            "debug-specialist(analyze query) | "
            "infrastructure-specialist(add indexes, rewrite query) | "
            "qa-specialist(verify performance)");

  const Triggers& st = seed->triggers();
  const Triggers& ot = own->triggers();
  ASSERT_EQ(st.keyword_groups_size(), ot.keyword_groups_size());
  for (int i = 0; i < st.keyword_groups_size(); ++i) {
    EXPECT_EQ(st.keyword_groups(i).category(), ot.keyword_groups(i).category());
    std::vector<std::string> expected = Strings(st.keyword_groups(i).keywords());
    if (i == 0) {  // Baton's card adds "column" to **Database**.
      expected.insert(std::find(expected.begin(), expected.end(), "query"),
                      "column");
    }
    EXPECT_EQ(expected, Strings(ot.keyword_groups(i).keywords()));
  }
  EXPECT_EQ(Strings(st.file_patterns()), Strings(ot.file_patterns()));
  EXPECT_EQ(Strings(st.tech_stack()), Strings(ot.tech_stack()));

  ASSERT_EQ(seed->quality_standards_size(), own->quality_standards_size());
  for (int i = 0; i < seed->quality_standards_size(); ++i) {
    EXPECT_EQ(seed->quality_standards(i).title(),
              own->quality_standards(i).title());
    EXPECT_EQ(Strings(seed->quality_standards(i).items()),
              Strings(own->quality_standards(i).items()));
  }
  EXPECT_EQ(Strings(seed->coordinate_with()), Strings(own->coordinate_with()));
  EXPECT_NE(seed->content_sha256(), own->content_sha256());
}

TEST(CardLoaderTest, ContentSha256IsOfTheBytes) {
  const std::string text =
      "---\ndomain: tiny\npriority: 2\nprimary_agent: a\n---\n"
      "## Agent Workflows\n### Go\n**Trigger**: \"go\"\n```\na\n```\n";
  absl::StatusOr<DomainCard> card = ParseCard(text, "tiny.md");
  ASSERT_THAT(card, IsOk());
  // printf -- "$text" | sha256sum
  EXPECT_EQ(card->content_sha256(),
            "a69bb8c36e3ac36a439206ba12a488862048239728687f6fdab5effc838a68cf");
  EXPECT_EQ(card->title(), "");
  EXPECT_EQ(card->workflows(0).location().line(), 7);
}

TEST(CardLoaderTest, AgentTimeoutsComeFromTheFrontMatter) {
  const std::string text =
      "---\ndomain: tiny\npriority: 2\nprimary_agent: a\n"
      "agent_timeouts: {qa-specialist: 900, a: 30}\n---\n"
      "## Agent Workflows\n### Go\n**Trigger**: \"go\"\n```\na\n```\n";
  absl::StatusOr<DomainCard> card = ParseCard(text, "tiny.md");
  ASSERT_THAT(card, IsOk());
  EXPECT_EQ(card->agent_timeout_seconds().at("qa-specialist"), 900);
  EXPECT_EQ(card->agent_timeout_seconds().at("a"), 30);

  const std::string bad =
      "---\ndomain: tiny\npriority: 2\nprimary_agent: a\n"
      "agent_timeouts: {qa-specialist: soon}\n---\n"
      "## Agent Workflows\n### Go\n**Trigger**: \"go\"\n```\na\n```\n";
  EXPECT_THAT(ParseCard(bad, "tiny.md"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("tiny.md:5: agent_timeouts entry 'qa-specialist' must be")));
}

TEST(CardLoaderTest, ChainMayBeAParagraphAndUsePlaceholders) {
  const std::string text =
      "---\ndomain: tiny\npriority: 2\nprimary_agent: builder\n---\n"
      "# Tiny\n\n## Agent Workflows\n\n### Build\n"
      "**Trigger**: \"build it\", \xE2\x80\x9C"
      "make it\xE2\x80\x9D\n\n"
      "spec-manager -> [primary-agent] (implement) + qa-specialist -> "
      "[approve release]\n\n"
      "Prose after the chain may say a -> b without being a chain.\n";
  absl::StatusOr<DomainCard> card = ParseCard(text, "tiny.md");
  ASSERT_THAT(card, IsOk());
  ASSERT_EQ(card->workflows_size(), 1);
  const Workflow& w = card->workflows(0);
  EXPECT_THAT(w.trigger_phrases(), ElementsAre("build it", "make it"));
  EXPECT_EQ(RenderStages(w),
            "spec-manager | builder(implement) + qa-specialist | "
            "[approve release]");
  EXPECT_EQ(w.stages(1).steps(0).written_as(), "[primary-agent] (implement)");
}

TEST(CardLoaderTest, LoadCardMissingFileIsNotFound) {
  EXPECT_THAT(LoadCard("domains/testdata/no_such_card.md"),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("domains/testdata/no_such_card.md")));
}

struct MalformedCase {
  const char* file;
  const char* message;  // After "<path>:".
};

class MalformedCardTest : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedCardTest, ReportsFileLineAndFix) {
  const std::string path = absl::StrCat("domains/testdata/", GetParam().file);
  ASSERT_TRUE(fs::is_regular_file(path)) << path;
  const absl::StatusOr<DomainCard> card = LoadCard(path);
  EXPECT_THAT(card, StatusIs(absl::StatusCode::kInvalidArgument,
                             absl::StrCat(path, ":", GetParam().message)))
      << card.status();
}

INSTANTIATE_TEST_SUITE_P(
    Testdata, MalformedCardTest,
    ::testing::Values(
        MalformedCase{"missing_front_matter.md",
                      "1: front matter is missing (a card starts with a "
                      "'---' YAML block)"},
        MalformedCase{"unclosed_front_matter.md",
                      "1: front matter is not closed (end the YAML block "
                      "with a '---' line)"},
        // yaml-cpp notices the unclosed '[' of line 4 on line 5.
        MalformedCase{"yaml_syntax_error.md",
                      "5: front matter is not valid YAML: end of sequence "
                      "flow not found (check indentation, colons and "
                      "quotes)"},
        MalformedCase{"yaml_bad_indentation.md",
                      "4: front matter is not valid YAML: illegal map value "
                      "(check indentation, colons and quotes)"},
        MalformedCase{"missing_primary_agent.md",
                      "4: front matter key 'primary_agent' is missing (add a "
                      "'primary_agent: ...' line)"},
        MalformedCase{"bad_priority.md",
                      "3: front matter key 'priority' must be an integer "
                      "such as 1, not 'high'"},
        MalformedCase{"chain_syntax_error.md",
                      "20: workflow \"Query Optimization\": chain: "
                      "unbalanced '(' at column 18 (close the note with ')')"},
        MalformedCase{"bad_agent_in_chain.md",
                      "14: workflow \"Query Optimization\": chain: bad agent "
                      "name 'QA_Specialist' at column 20 (agent names match "
                      "[a-z][a-z0-9-]*)"},
        MalformedCase{"workflow_without_chain.md",
                      "11: workflow \"Cache Implementation\" has no chain "
                      "(add a code block such as `spec-manager → "
                      "qa-specialist` after its **Trigger** line)"},
        MalformedCase{"workflow_without_trigger.md",
                      "11: workflow \"Data Migration\" has no trigger phrases "
                      "(add a line like **Trigger**: \"Optimize slow "
                      "query\")"},
        MalformedCase{"duplicate_workflow.md",
                      "17: workflow \"Query Optimization\" is defined twice "
                      "(first at line 11); rename or merge one"},
        MalformedCase{"no_workflows_section.md",
                      "1: the card has no '## Agent Workflows' section (add "
                      "one, with a '### Name' heading per workflow)"},
        MalformedCase{"keyword_without_category.md",
                      "21: keyword item must start with a bold category "
                      "(write - **Database**: database, schema, SQL)"}),
    [](const ::testing::TestParamInfo<MalformedCase>& info) {
      std::string name = info.param.file;
      return name.substr(0, name.find('.'));
    });

TEST(CardDirectoryTest, LoadsCardsInFileNameOrder) {
  const fs::path dir = MakeTempDir("two_cards");
  WriteText(dir / "b_data.md", ReadText(kOwnCard));
  WriteText(dir / "a_backend.md",
            "---\ndomain: backend\npriority: 2\nprimary_agent: "
            "backend-specialist\n---\n# Backend\n## Agent Workflows\n"
            "### API Endpoint\n**Trigger**: \"Add endpoint\"\n```\n"
            "[primary-agent] → qa-specialist\n```\n");
  WriteText(dir / "notes.txt", "not a card");
  absl::StatusOr<DomainCatalog> catalog = LoadCardDirectory(dir.string());
  ASSERT_THAT(catalog, IsOk());
  ASSERT_EQ(catalog->cards_size(), 2);
  EXPECT_EQ(catalog->cards(0).domain(), "backend");
  EXPECT_EQ(catalog->cards(0).source_path(), (dir / "a_backend.md").string());
  EXPECT_EQ(catalog->cards(0).workflows(0).stages(0).steps(0).agent(),
            "backend-specialist");
  EXPECT_EQ(catalog->cards(1).domain(), "data");
  EXPECT_EQ(catalog->cards(1).workflows_size(), 7);
}

TEST(CardDirectoryTest, NamesEveryBadCard) {
  const fs::path dir = MakeTempDir("bad_cards");
  WriteText(dir / "data.md", ReadText(kOwnCard));
  WriteText(dir / "broken.md",
            ReadText("domains/testdata/chain_syntax_error.md"));
  WriteText(dir / "empty.md", "");
  absl::StatusOr<DomainCatalog> catalog = LoadCardDirectory(dir.string());
  EXPECT_THAT(catalog,
              StatusIs(absl::StatusCode::kInvalidArgument,
                       absl::StrCat((dir / "broken.md").string(),
                                    ":20: workflow \"Query Optimization\": "
                                    "chain: unbalanced '(' at column 18 "
                                    "(close the note with ')')\n",
                                    (dir / "empty.md").string(),
                                    ":1: front matter is missing (a card "
                                    "starts with a '---' YAML block)")));
}

TEST(CardDirectoryTest, DuplicateDomainIsAnError) {
  const fs::path dir = MakeTempDir("duplicate_domain");
  WriteText(dir / "data.md", ReadText(kOwnCard));
  WriteText(dir / "data_copy.md", ReadText(kOwnCard));
  EXPECT_THAT(LoadCardDirectory(dir.string()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       absl::StrCat((dir / "data_copy.md").string(),
                                    ":2: domain 'data' is already defined by ",
                                    (dir / "data.md").string(),
                                    " (each card needs its own domain "
                                    "name)")));
}

TEST(CardDirectoryTest, MissingOrEmptyDirectoryIsNotFound) {
  const fs::path dir = MakeTempDir("empty_dir");
  EXPECT_THAT(LoadCardDirectory(dir.string()),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("no domain cards (*.md files) in")));
  EXPECT_THAT(LoadCardDirectory((dir / "missing").string()),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("cannot list domain card directory")));
}

}  // namespace
}  // namespace baton::domains
