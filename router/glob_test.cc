#include "router/glob.h"

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "re2/re2.h"
#include "testing/status_matchers.h"

namespace baton::router {
namespace {

using ::baton::testing::StatusIs;
using ::testing::HasSubstr;

// True when `glob` (which must translate and compile) matches `path`.
bool GlobMatches(const std::string& glob, const std::string& path) {
  absl::StatusOr<std::string> regex = GlobToRegex(glob);
  EXPECT_TRUE(regex.ok()) << regex.status();
  if (!regex.ok()) return false;
  RE2 re(*regex);
  EXPECT_TRUE(re.ok()) << glob << " -> " << *regex << ": " << re.error();
  return RE2::FullMatch(path, re);
}

TEST(GlobTest, PatternWithoutSlashMatchesFileNameInAnyFolder) {
  EXPECT_TRUE(GlobMatches("*.sql", "schema.sql"));
  EXPECT_TRUE(GlobMatches("*.sql", "database/migrations/004_x.sql"));
  EXPECT_FALSE(GlobMatches("*.sql", "schema.sql.bak"));
  EXPECT_FALSE(GlobMatches("*.sql", "schema_sql"));
  EXPECT_TRUE(GlobMatches("*.model.ts", "src/users/user.model.ts"));
  EXPECT_FALSE(GlobMatches("*.model.ts", "src/users/user.ts"));
}

TEST(GlobTest, StarDoesNotCrossFolders) {
  EXPECT_TRUE(GlobMatches("db/*.sql", "db/a.sql"));
  EXPECT_FALSE(GlobMatches("db/*.sql", "db/x/a.sql"));
  EXPECT_TRUE(GlobMatches("a?c", "abc"));
  EXPECT_FALSE(GlobMatches("a?c", "a/c"));
}

TEST(GlobTest, DoubleStarCrossesFolders) {
  EXPECT_TRUE(GlobMatches("migrations/**/*", "migrations/001_init.sql"));
  EXPECT_TRUE(GlobMatches("migrations/**/*", "migrations/2024/01/x.sql"));
  EXPECT_FALSE(GlobMatches("migrations/**/*", "migrations"));
  EXPECT_FALSE(GlobMatches("migrations/**/*", "src/migrations.ts"));
  EXPECT_TRUE(GlobMatches("db/**/*.sql", "db/a.sql"));
  EXPECT_TRUE(GlobMatches("db/**/*.sql", "db/x/y/a.sql"));
  EXPECT_TRUE(GlobMatches("**/*.ddl", "a/b/c.ddl"));
  EXPECT_TRUE(GlobMatches("docs/**", "docs/a/b.md"));
}

TEST(GlobTest, PatternWithSlashMatchesAtAnyFolderDepth) {
  EXPECT_TRUE(GlobMatches("migrations/**/*", "database/migrations/001_x.sql"));
  EXPECT_TRUE(GlobMatches("database/**/*", "database/seeds/dev/users.sql"));
  EXPECT_FALSE(GlobMatches("database/**/*", "mydatabase/users.sql"));
}

TEST(GlobTest, LeadingSlashAnchorsAtRoot) {
  EXPECT_TRUE(GlobMatches("/migrations/**/*", "migrations/001.sql"));
  EXPECT_FALSE(GlobMatches("/migrations/**/*", "database/migrations/001.sql"));
}

TEST(GlobTest, TrailingSlashMeansEverythingUnderTheFolder) {
  EXPECT_TRUE(GlobMatches("dags/", "etl/dags/daily.py"));
  EXPECT_FALSE(GlobMatches("dags/", "etl/dags"));
}

TEST(GlobTest, ClassesBracesAndEscapes) {
  EXPECT_TRUE(GlobMatches("00[0-9]_*.sql", "m/001_x.sql"));
  EXPECT_FALSE(GlobMatches("00[!0-9]_*.sql", "m/001_x.sql"));
  EXPECT_TRUE(GlobMatches("00[!0-9]_*.sql", "m/00a_x.sql"));
  EXPECT_FALSE(GlobMatches("a[!x]b", "a/b"));
  EXPECT_TRUE(GlobMatches("*.{ts,tsx}", "src/App.tsx"));
  EXPECT_TRUE(GlobMatches("*.{ts,tsx}", "src/app.ts"));
  EXPECT_FALSE(GlobMatches("*.{ts,tsx}", "src/app.js"));
  EXPECT_TRUE(GlobMatches("\\*.txt", "*.txt"));
  EXPECT_FALSE(GlobMatches("\\*.txt", "a.txt"));
  // Regex metacharacters in a glob are literal.
  EXPECT_TRUE(GlobMatches("a+b(1).sql", "a+b(1).sql"));
  EXPECT_FALSE(GlobMatches("a+b(1).sql", "aab1.sql"));
}

TEST(GlobTest, MalformedGlobsAreInvalidArgumentQuotingThePattern) {
  EXPECT_THAT(GlobToRegex(""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_THAT(GlobToRegex("db/[abc.sql"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("`db/[abc.sql`: unterminated `[`")));
  EXPECT_THAT(GlobToRegex("*.{ts,tsx"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("unterminated `{`")));
  EXPECT_THAT(
      GlobToRegex("*.{a,{b,c}}"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("nested `{`")));
  EXPECT_THAT(GlobToRegex("abc\\"), StatusIs(absl::StatusCode::kInvalidArgument,
                                             HasSubstr("lone `\\`")));
}

}  // namespace
}  // namespace baton::router
