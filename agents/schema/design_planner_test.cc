#include "agents/schema/design_planner.h"

#include <string>
#include <vector>

#include "agents/data/test_repo.h"
#include "agents/schema/spec_document.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::schema {
namespace {

using ::baton::agents::data::CopyDataRepo;
using ::baton::agents::data::WriteFile;
using ::baton::schema::DesignSpec;
using ::baton::schema::SpecEntity;
using ::baton::schema::SpecRelationship;
using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class DesignPlannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = CopyDataRepo(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }

  DesignSpec Plan(const std::string& text) {
    absl::StatusOr<DesignContext> context = LoadDesignContext(repo_);
    EXPECT_THAT(context, IsOk());
    absl::StatusOr<DesignSpec> spec = PlanDesignFor(text, *context);
    EXPECT_THAT(spec, IsOk()) << text;
    return spec.ok() ? *spec : DesignSpec();
  }

  static std::vector<std::string> Entities(const DesignSpec& spec) {
    std::vector<std::string> out;
    for (const SpecEntity& entity : spec.entities()) {
      out.push_back(entity.table() + ":" + SpecEntity::Status_Name(entity.status()) +
                    (entity.link_table() ? ":link" : ""));
    }
    return out;
  }

  static std::vector<std::string> Relationships(const DesignSpec& spec) {
    std::vector<std::string> out;
    for (const SpecRelationship& r : spec.relationships()) {
      out.push_back(r.child() + "." + r.column() + "->" + r.parent() + "." +
                    r.parent_column() + (r.required() ? " required" : " optional") +
                    (r.on_delete().empty() ? "" : " " + r.on_delete()) +
                    (r.pending() ? " pending" : ""));
    }
    return out;
  }

  std::string repo_;
};

TEST_F(DesignPlannerTest, ReusesExistingAndAdoptsPlannedTables) {
  DesignSpec spec = Plan("Design database schema for users and orders");
  EXPECT_THAT(Entities(spec), ElementsAre("users:EXISTING", "orders:PLANNED"));
  EXPECT_THAT(Relationships(spec), ElementsAre("orders.user_id->users.id required"));
  EXPECT_EQ(spec.spec_path(),
            "database/specs/design-database-schema-for-users-and-orders.md");
  const SpecEntity& orders = spec.entities(1);
  EXPECT_EQ(orders.definition_file(), "database/schemas/orders.sql");
  ASSERT_EQ(orders.attributes_size(), 2);
  EXPECT_EQ(orders.attributes(0).name(), "status");
  EXPECT_EQ(orders.attributes(0).type(), "VARCHAR(20)");
  EXPECT_EQ(orders.attributes(0).default_sql(), "'pending'");
  EXPECT_EQ(orders.attributes(1).name(), "total");
  EXPECT_THAT(spec.notes(), Contains(HasSubstr("users already exists")));
}

TEST_F(DesignPlannerTest, AddsRequiredParentsFromTheCatalog) {
  DesignSpec spec = Plan("Design a schema for products with line items");
  EXPECT_THAT(Entities(spec), ElementsAre("products:PLANNED", "line_items:NEW",
                                          "orders:PLANNED", "users:EXISTING"));
  EXPECT_THAT(Relationships(spec),
              ElementsAre("line_items.order_id->orders.id required CASCADE",
                          "line_items.product_id->products.id required RESTRICT",
                          "orders.user_id->users.id required"));
  EXPECT_EQ(spec.entities(2).reason(), "line_items belong to orders");
}

TEST_F(DesignPlannerTest, ManyToManyGetsALinkTable) {
  DesignSpec spec = Plan("Design database schema for posts and tags");
  EXPECT_THAT(Entities(spec), ElementsAre("posts:NEW", "tags:NEW", "users:EXISTING",
                                          "post_tags:NEW:link"));
  EXPECT_THAT(Relationships(spec),
              ElementsAre("posts.user_id->users.id required RESTRICT",
                          "post_tags.post_id->posts.id required CASCADE",
                          "post_tags.tag_id->tags.id required CASCADE"));
}

TEST_F(DesignPlannerTest, RequestedRelationshipsAndColumns) {
  DesignSpec spec = Plan(
      "Design schema for companies (name, website) and users; users belong to companies. "
      "Invoices belong to companies");
  EXPECT_THAT(Entities(spec),
              ElementsAre("companies:NEW", "users:EXISTING", "invoices:NEW"));
  EXPECT_THAT(Relationships(spec),
              ElementsAre("users.company_id->companies.id required RESTRICT pending",
                          "invoices.company_id->companies.id required RESTRICT"));
  EXPECT_THAT(spec.notes(), Contains(HasSubstr(
                                "add it with a Database Migration (\"Add company_id "
                                "column to users table\")")));
  const SpecEntity& companies = spec.entities(0);
  ASSERT_EQ(companies.attributes_size(), 2);
  EXPECT_EQ(companies.attributes(1).name(), "website");
  EXPECT_EQ(companies.attributes(1).source(), "request");
  EXPECT_THAT(spec.notes(), Contains(HasSubstr("does not know companies")));
}

TEST_F(DesignPlannerTest, ReferenceColumnsBecomeRelationships) {
  DesignSpec spec = Plan("Design schema for tickets (title, user_id, role_id)");
  EXPECT_THAT(Relationships(spec),
              ElementsAre("tickets.user_id->users.id optional RESTRICT",
                          "tickets.role_id->roles.id optional RESTRICT"));
  for (const auto& attribute : spec.entities(0).attributes()) {
    EXPECT_NE(attribute.name(), "user_id");
  }
}

TEST_F(DesignPlannerTest, DiagramOnlyListsTheExistingSchema) {
  DesignSpec spec = Plan("Create ERD");
  EXPECT_TRUE(spec.erd_only());
  EXPECT_THAT(Entities(spec), ElementsAre("roles:EXISTING", "user_roles:EXISTING",
                                          "users:EXISTING"));
  EXPECT_THAT(Relationships(spec),
              ElementsAre("user_roles.role_id->roles.id required CASCADE",
                          "user_roles.user_id->users.id required CASCADE"));
  EXPECT_THAT(spec.notes(), Contains(HasSubstr("orders is defined in "
                                               "database/schemas/orders.sql but no "
                                               "migration creates it yet")));
}

TEST_F(DesignPlannerTest, PlannedDefinitionNamingAMissingTable) {
  WriteFile(repo_, "database/schemas/refunds.sql",
            "CREATE TABLE refunds (id INTEGER PRIMARY KEY, "
            "payment_id INTEGER NOT NULL REFERENCES payments (id));\n");
  absl::StatusOr<DesignContext> context = LoadDesignContext(repo_);
  ASSERT_THAT(context, IsOk());
  EXPECT_THAT(PlanDesignFor("Design database schema for refunds", *context),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("database/schemas/refunds.sql: refunds.payment_id "
                                 "references payments, which neither the migrations "
                                 "nor the schema files define")));
}

TEST(SpecSlugTest, Slugs) {
  EXPECT_EQ(SpecSlug("Design database schema for users and orders"),
            "design-database-schema-for-users-and-orders");
  EXPECT_EQ(SpecSlug("!!!"), "schema-design");
  EXPECT_LE(SpecSlug(std::string(50, 'a') + " " + std::string(50, 'b')).size(), 80u);
  EXPECT_EQ(SpecSlug(std::string(50, 'a') + " " + std::string(50, 'b')), std::string(50, 'a'));
  EXPECT_EQ(SpecSlug("Create ERD for users, orders & products"),
            "create-erd-for-users-orders-products");
}

}  // namespace
}  // namespace baton::agents::schema
