#include "agents/schema/ddl_generator.h"

#include <filesystem>
#include <string>
#include <vector>

#include "agents/data/test_repo.h"
#include "agents/schema/design_context.h"
#include "agents/schema/design_planner.h"
#include "agents/schema/schema_builder.h"
#include "agents/schema/schema_lint.h"
#include "agents/schema/schema_loader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::schema {
namespace {

using ::baton::agents::data::CopyDataRepo;
using ::baton::agents::data::WriteFile;
using ::baton::schema::DesignSpec;
using ::baton::schema::SpecEntity;
using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

std::vector<std::string> Tables(const std::vector<TableDdl>& ddl) {
  std::vector<std::string> tables;
  for (const TableDdl& table : ddl) tables.push_back(table.table);
  return tables;
}

absl::StatusOr<std::vector<TableDdl>> Generate(const std::string& repo,
                                               const std::string& text) {
  absl::StatusOr<DesignContext> context = LoadDesignContext(repo);
  if (!context.ok()) return context.status();
  absl::StatusOr<DesignSpec> spec = PlanDesignFor(text, *context);
  if (!spec.ok()) return spec.status();
  return GenerateDdl(*spec, *context);
}

// The migrations' schema plus `ddl`, as SQLite loads it, linted on the new
// tables.
std::vector<handoff::Finding> LintDesign(const std::string& repo,
                                         const std::vector<TableDdl>& ddl) {
  absl::StatusOr<SchemaBuilder> builder = SchemaBuilder::Create();
  EXPECT_THAT(builder, IsOk());
  absl::StatusOr<data::MigrationLayout> layout = data::FindMigrationLayout(repo);
  if (layout.ok()) {
    EXPECT_THAT(AddMigrations(*builder, repo, *layout, {}), IsOk());
  }
  std::vector<std::string> tables;
  for (const TableDdl& table : ddl) {
    EXPECT_THAT(builder->Apply(table.sql, table.file, 1, {}), IsOk()) << table.sql;
    tables.push_back(table.table);
  }
  absl::StatusOr<LoadedSchema> schema = builder->Finish("design");
  EXPECT_THAT(schema, IsOk());
  if (tables.empty()) return {};
  LintOptions options;
  options.tables = tables;
  return schema.ok() ? LintSchema(*schema, options) : std::vector<handoff::Finding>{};
}

TEST(DdlGeneratorTest, LinkTablesComeAfterWhatTheyJoin) {
  const std::string repo = CopyDataRepo("ddl_posts_tags");
  absl::StatusOr<std::vector<TableDdl>> ddl =
      Generate(repo, "Design database schema for post tags, posts and tags with soft delete");
  ASSERT_THAT(ddl, IsOk());
  EXPECT_THAT(Tables(*ddl), ElementsAre("posts", "tags", "post_tags"));
  const TableDdl& link = (*ddl)[2];
  EXPECT_EQ(link.file, "database/schemas/post_tags.sql");
  EXPECT_THAT(link.sql, HasSubstr(
      "CREATE TABLE IF NOT EXISTS post_tags (\n"
      "  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,\n"
      "  tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,\n"
      "  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
      "  PRIMARY KEY (post_id, tag_id)\n"
      ");\n\n"
      "CREATE INDEX IF NOT EXISTS idx_post_tags_tag_id ON post_tags (tag_id);\n"));
  EXPECT_THAT(link.sql, Not(HasSubstr("deleted_at")));
  EXPECT_THAT((*ddl)[0].sql, HasSubstr("  deleted_at TIMESTAMP NULL\n"));
  EXPECT_THAT((*ddl)[0].sql, HasSubstr("-- Each post belongs to a user (posts.user_id -> "
                                       "users.id, required, ON DELETE RESTRICT)."));
  EXPECT_THAT((*ddl)[1].sql, HasSubstr("CREATE UNIQUE INDEX IF NOT EXISTS idx_tags_name "
                                       "ON tags (name);"));
  EXPECT_THAT(LintDesign(repo, *ddl), IsEmpty());
}

TEST(DdlGeneratorTest, PlannedDefinitionsKeepTheirColumnsAndIndexes) {
  const std::string repo = CopyDataRepo("ddl_planned");
  WriteFile(repo, "database/schemas/orders.sql",
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER, "
            "reference VARCHAR(40) NOT NULL, placed_at TIMESTAMP);\n"
            "CREATE INDEX idx_orders_placed_at ON orders (placed_at);\n");
  absl::StatusOr<std::vector<TableDdl>> ddl =
      Generate(repo, "Design database schema for orders");
  ASSERT_THAT(ddl, IsOk());
  ASSERT_EQ(ddl->size(), 1u);
  EXPECT_TRUE((*ddl)[0].replaces_planned);
  // The planned user_id had no foreign key: the design adds it, indexed.
  EXPECT_THAT((*ddl)[0].sql, HasSubstr(
      "  id INTEGER PRIMARY KEY,\n"
      "  user_id INTEGER REFERENCES users (id) ON DELETE RESTRICT,\n"
      "  reference VARCHAR(40) NOT NULL,\n"
      "  placed_at TIMESTAMP,\n"
      "  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"));
  EXPECT_THAT((*ddl)[0].sql, HasSubstr("idx_orders_user_id ON orders (user_id);"));
  EXPECT_THAT((*ddl)[0].sql, HasSubstr(
      "CREATE INDEX IF NOT EXISTS idx_orders_placed_at ON orders (placed_at);"));
  EXPECT_THAT((*ddl)[0].sql, HasSubstr("Adopts the planned definition"));
  EXPECT_THAT(LintDesign(repo, *ddl), IsEmpty());
}

// The systems-architect must never produce an ERROR finding on its own
// output; these designs are also free of warnings.
TEST(DdlGeneratorTest, DesignsLintClean) {
  const std::string fixture = CopyDataRepo("ddl_sweep_fixture");
  const std::string empty = std::string(std::getenv("TEST_TMPDIR")) + "/ddl_sweep_empty";
  std::filesystem::remove_all(empty);
  WriteFile(empty, "README.md", "x\n");
  for (const std::string& repo : {fixture, empty}) {
    for (const std::string request :
         {"Design database schema for users and orders",
          "Design a database schema for an e-commerce store with soft delete",
          "Design a schema for a blog",
          "Design schema for customers (email, phone, date of birth) and invoices",
          "Design schema for employees and departments",
          "Design schema for students, courses and enrollments",
          "Design schema for projects and tasks",
          "Design schema for payments, shipments, addresses and reviews",
          "Design schema for carts with cart items",
          "Design schema for users with one profile and many sessions",
          "Design schema for widgets (name, is_active, price, stock_count)"}) {
      absl::StatusOr<std::vector<TableDdl>> ddl = Generate(repo, request);
      ASSERT_THAT(ddl, IsOk()) << request;
      EXPECT_THAT(Tables(*ddl), Not(IsEmpty())) << request;
      std::vector<handoff::Finding> findings = LintDesign(repo, *ddl);
      for (const handoff::Finding& finding : findings) {
        ADD_FAILURE() << request << ": " << finding.location() << " " << finding.rule()
                      << ": " << finding.message();
      }
    }
  }
}

TEST(DdlGeneratorTest, CyclesAndUnknownParentsAreRefused) {
  const std::string repo = CopyDataRepo("ddl_cycle");
  absl::StatusOr<DesignContext> context = LoadDesignContext(repo);
  ASSERT_THAT(context, IsOk());
  DesignSpec spec;
  spec.set_schemas_dir("database/schemas");
  for (const char* table : {"a_items", "b_items"}) {
    SpecEntity* entity = spec.add_entities();
    entity->set_table(table);
    entity->set_status(SpecEntity::NEW);
  }
  auto relate = [&](const std::string& child, const std::string& parent) {
    auto* relationship = spec.add_relationships();
    relationship->set_child(child);
    relationship->set_parent(parent);
    relationship->set_column(parent + "_id");
    relationship->set_parent_column("id");
    relationship->set_required(true);
  };
  relate("a_items", "b_items");
  relate("b_items", "a_items");
  EXPECT_THAT(GenerateDdl(spec, *context),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("the design's references form a cycle (a_items -> "
                                 "b_items; b_items -> a_items)")));
  spec.clear_relationships();
  relate("a_items", "ghosts");
  EXPECT_THAT(GenerateDdl(spec, *context),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("a_items.ghosts_id references ghosts, which is neither "
                                 "in the design nor in the repository")));
}

}  // namespace
}  // namespace baton::agents::schema
