#include "agents/schema/entity_catalog.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::agents::schema {
namespace {

using ::testing::ElementsAre;

TEST(EntityCatalogTest, KnowsCommonEntitiesAndTheirParents) {
  const EntityTemplate* orders = FindEntityTemplate("orders");
  ASSERT_NE(orders, nullptr);
  ASSERT_EQ(orders->parents.size(), 1u);
  EXPECT_THAT(orders->parents[0].tables, ElementsAre("customers", "users"));
  EXPECT_EQ(orders->parents[0].add_if_missing, "users");
  EXPECT_TRUE(orders->parents[0].required);
  const EntityTemplate* items = FindEntityTemplate("Line Items");
  ASSERT_NE(items, nullptr);
  EXPECT_EQ(items->parents.size(), 2u);
  EXPECT_EQ(items->parents[0].on_delete, "CASCADE");
  EXPECT_EQ(FindEntityTemplate("widgets"), nullptr);
  EXPECT_EQ(KnownLinks().front().link, "post_tags");
}

TEST(EntityCatalogTest, TemplateColumnsWin) {
  ColumnTemplate total = ChooseColumn("orders", "total");
  EXPECT_EQ(total.type, "DECIMAL(10,2)");
  EXPECT_EQ(total.default_sql, "0");
  EXPECT_EQ(total.check, "total >= 0");
  EXPECT_TRUE(total.required);
  EXPECT_TRUE(ChooseColumn("users", "email").unique);
}

TEST(EntityCatalogTest, ColumnsChosenFromTheirNames) {
  EXPECT_EQ(ChooseColumn("widgets", "price").type, "DECIMAL(10,2)");
  EXPECT_EQ(ChooseColumn("widgets", "price").check, "price >= 0");
  ColumnTemplate flag = ChooseColumn("widgets", "is_active");
  EXPECT_EQ(flag.type, "BOOLEAN");
  EXPECT_TRUE(flag.required);
  EXPECT_EQ(flag.default_sql, "FALSE");
  EXPECT_EQ(ChooseColumn("widgets", "published_at").type, "TIMESTAMP");
  EXPECT_EQ(ChooseColumn("widgets", "birth_date").type, "DATE");
  EXPECT_EQ(ChooseColumn("widgets", "date_of_birth").type, "DATE");
  EXPECT_EQ(ChooseColumn("widgets", "description").type, "TEXT");
  EXPECT_EQ(ChooseColumn("widgets", "stock_count").type, "INTEGER");
  EXPECT_EQ(ChooseColumn("widgets", "phone").type, "VARCHAR(20)");
  EXPECT_EQ(ChooseColumn("widgets", "homepage_url").type, "VARCHAR(2048)");
  EXPECT_EQ(ChooseColumn("widgets", "color").type, "VARCHAR(255)");
  EXPECT_FALSE(ChooseColumn("widgets", "color").required);
}

}  // namespace
}  // namespace baton::agents::schema
