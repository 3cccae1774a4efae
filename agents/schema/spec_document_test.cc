#include "agents/schema/spec_document.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::schema {
namespace {

using ::baton::schema::DesignSpec;
using ::baton::schema::SpecEntity;
using ::baton::schema::SpecRelationship;
using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

DesignSpec Sample() {
  DesignSpec spec;
  spec.set_request("Design database schema for users and orders with soft delete");
  spec.set_soft_delete(true);
  spec.set_schemas_dir("database/schemas");
  spec.set_migrations_dir("database/migrations");
  SpecEntity* users = spec.add_entities();
  users->set_table("users");
  users->set_status(SpecEntity::EXISTING);
  users->set_reason("requested");
  users->set_definition_file("database/migrations/001_create_users_table.sql");
  SpecEntity* orders = spec.add_entities();
  orders->set_table("orders");
  orders->set_status(SpecEntity::NEW);
  orders->set_reason("requested");
  auto* total = orders->add_attributes();
  total->set_name("total");
  total->set_required(true);
  total->set_source("catalog");
  SpecRelationship* relationship = spec.add_relationships();
  relationship->set_child("orders");
  relationship->set_column("user_id");
  relationship->set_parent("users");
  relationship->set_parent_column("id");
  relationship->set_required(true);
  relationship->set_on_delete("RESTRICT");
  relationship->set_reason("each order belongs to a user");
  spec.add_notes("users already exists: reused, not recreated.");
  return spec;
}

TEST(SpecDocumentTest, MarkdownListsEntitiesRelationshipsAndStandards) {
  const std::string text = RenderSpecMarkdown(Sample());
  EXPECT_THAT(text, HasSubstr("# Schema design spec: Design database schema"));
  EXPECT_THAT(text, HasSubstr("| users | existing: reused, not recreated | requested | "
                              "database/migrations/001_create_users_table.sql |"));
  EXPECT_THAT(text, HasSubstr("| orders | new | requested | this design |"));
  EXPECT_THAT(text, HasSubstr("### orders\n\n| Attribute | Required | Unique | Source |"));
  EXPECT_THAT(text, Not(HasSubstr("### users")));  // Existing tables are not redesigned.
  EXPECT_THAT(text, HasSubstr("- Each order belongs to a user (orders.user_id -> users.id, "
                              "required, ON DELETE RESTRICT). Why: each order belongs to a user."));
  EXPECT_THAT(text, HasSubstr("deleted_at for soft delete (asked for)"));
  EXPECT_THAT(text, HasSubstr("## Notes\n\n- users already exists"));
}

TEST(SpecDocumentTest, DescribesOneToOneAndOptionalReferences) {
  SpecRelationship relationship;
  relationship.set_child("profiles");
  relationship.set_column("user_id");
  relationship.set_parent("users");
  relationship.set_parent_column("id");
  relationship.set_one_to_one(true);
  EXPECT_EQ(DescribeRelationship(relationship),
            "Each user has at most one profile (profiles.user_id -> users.id, "
            "optional, unique)");
  relationship.set_one_to_one(false);
  relationship.set_child("addresses");
  relationship.set_parent("employees");
  EXPECT_THAT(DescribeRelationship(relationship),
              HasSubstr("Each address belongs to an employee"));
}

TEST(SpecDocumentTest, EncodingRoundTrips) {
  const DesignSpec spec = Sample();
  absl::StatusOr<DesignSpec> decoded = DecodeSpec(EncodeSpec(spec));
  ASSERT_THAT(decoded, IsOk());
  EXPECT_EQ(decoded->SerializeAsString(), spec.SerializeAsString());
  EXPECT_THAT(DecodeSpec("entities { table: }"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("schema.design fact is not a DesignSpec: line 1")));
}

}  // namespace
}  // namespace baton::agents::schema
