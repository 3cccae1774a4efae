#include "router/signal_index.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::router {
namespace {

using ::baton::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kCatalog[] = R"pb(
  cards {
    domain: "data"
    source_path: "cards/data.md"
    triggers {
      keyword_groups { category: "Database" keywords: [ "PostgreSQL", "table", "pipeline" ] }
      keyword_groups { category: "Again" keywords: [ "table" ] }
      keyword_groups { category: "Perf" keywords: [ "slow query" ] }
      file_patterns: [ "migrations/**/*", "*.sql" ]
      tech_stack: [ "Redis" ]
      aliases { term: "Redis" aliases: [ "ElastiCache" ] }
    }
  }
  cards {
    domain: "infra"
    triggers {
      keyword_groups { category: "Delivery" keywords: [ "pipeline", "k8s" ] }
      file_patterns: [ "*.sql", "deploy/**" ]
      tech_stack: [ "Redis" ]
    }
  }
)pb";

domains::DomainCatalog Catalog() {
  domains::DomainCatalog catalog;
  EXPECT_TRUE(
      google::protobuf::TextFormat::ParseFromString(kCatalog, &catalog));
  return catalog;
}

struct Hit {
  std::string trigger;
  std::string domain;
  std::string text;
  double weight;
  bool operator==(const Hit& o) const {
    return trigger == o.trigger && domain == o.domain && text == o.text &&
           weight == o.weight;
  }
  friend std::ostream& operator<<(std::ostream& os, const Hit& h) {
    return os << h.trigger << "@" << h.domain << "=\"" << h.text << "\" "
              << h.weight;
  }
};

std::vector<Hit> Hits(const SignalIndex& index, const std::string& text) {
  const domains::DomainCatalog catalog = Catalog();
  std::vector<Hit> hits;
  for (const SignalIndex::TextHit& hit : index.MatchText(text)) {
    const SignalIndex::Signal& signal = index.signal(hit.signal);
    hits.push_back(Hit{signal.trigger, catalog.cards(signal.card).domain(),
                       text.substr(hit.span.begin,
                                   hit.span.end - hit.span.begin),
                       signal.weight});
  }
  return hits;
}

TEST(SignalIndexTest, MatchesEveryCardInOnePassWithSpansInOrder) {
  absl::StatusOr<SignalIndex> index = SignalIndex::Create(Catalog());
  ASSERT_TRUE(index.ok()) << index.status();
  EXPECT_THAT(
      Hits(*index, "Slow  queries on the Postgres tables, via the k8s pipeline"),
      ElementsAre(Hit{"slow query", "data", "Slow  queries", 1.5},
                  Hit{"PostgreSQL", "data", "Postgres", 1.0},
                  Hit{"table", "data", "tables", 1.0},
                  Hit{"k8s", "infra", "k8s", 1.0},
                  // Shared by two cards: half the weight in each.
                  Hit{"pipeline", "data", "pipeline", 0.5},
                  Hit{"pipeline", "infra", "pipeline", 0.5}));
}

TEST(SignalIndexTest, BuiltinAndCardAliases) {
  absl::StatusOr<SignalIndex> index = SignalIndex::Create(Catalog());
  ASSERT_TRUE(index.ok());
  // k8s is Kubernetes (built in); ElastiCache is Redis for the data card only.
  EXPECT_THAT(Hits(*index, "kubernetes and ElastiCache"),
              ElementsAre(Hit{"k8s", "infra", "kubernetes", 1.0},
                          Hit{"Redis", "data", "ElastiCache", 0.75}));
  EXPECT_THAT(Hits(*index, "nothing here"), IsEmpty());
  EXPECT_THAT(Hits(*index, ""), IsEmpty());
}

TEST(SignalIndexTest, FilesMatchGlobsWithSharedWeight) {
  absl::StatusOr<SignalIndex> index = SignalIndex::Create(Catalog());
  ASSERT_TRUE(index.ok());
  const std::vector<SignalIndex::FileHit> hits = index->MatchFiles(
      {"./db/migrations/001.sql", "deploy/app.yaml", "README.md"});
  std::vector<std::string> found;
  for (const SignalIndex::FileHit& hit : hits) {
    found.push_back(absl::StrCat(hit.file, ":", index->glob(hit.glob).pattern,
                                 ":", hit.weight));
  }
  EXPECT_THAT(found, ElementsAre("0:migrations/**/*:1", "0:*.sql:1",
                                 "0:*.sql:1", "1:deploy/**:2"));
}

TEST(SignalIndexTest, BadTriggersNameTheCard) {
  domains::DomainCatalog catalog = Catalog();
  catalog.mutable_cards(0)->mutable_triggers()->add_file_patterns("src/[x");
  EXPECT_THAT(SignalIndex::Create(catalog),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"data\" (cards/data.md)"),
                             HasSubstr("`src/[x`"))));
  catalog = Catalog();
  catalog.mutable_cards(1)->mutable_triggers()->add_tech_stack("  ");
  EXPECT_THAT(SignalIndex::Create(catalog),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("domain card \"infra\": tech-stack mention "
                                 "\"  \" (Tech Stack) is empty")));
}

}  // namespace
}  // namespace baton::router
