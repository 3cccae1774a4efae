#include "agents/etl/jinja_renderer.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::etl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

TEST(JinjaRendererTest, RendersRefSourceAndDropsConfig) {
  absl::StatusOr<RenderedModel> model = RenderModelSql(
      "{{ config(materialized='table') }}\n{# note #}select o.id from "
      "{{ ref('stg_orders') }} o join {{ source(\"mongo\", 'users') }} u on 1=1");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->sql, "\nselect o.id from stg_orders o join mongo__users u on 1=1");
  EXPECT_THAT(model->refs, ElementsAre("stg_orders"));
  EXPECT_THAT(model->sources, ElementsAre(Pair("mongo", "users")));
}

TEST(JinjaRendererTest, LeavesOutTheIncrementalFilter) {
  absl::StatusOr<RenderedModel> model = RenderModelSql(
      "select * from {{ ref('a') }}\n{% if is_incremental() %}where u > "
      "(select max(u) from {{ this }}){% endif %}\n");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->sql, "select * from a\n\n");
}

TEST(JinjaRendererTest, KeepsBracesThatAreNotJinja) {
  absl::StatusOr<RenderedModel> model = RenderModelSql("select '{a}' as x");
  ASSERT_TRUE(model.ok());
  EXPECT_EQ(model->sql, "select '{a}' as x");
}

TEST(JinjaRendererTest, RefusesEverythingElseWithTheLine) {
  EXPECT_THAT(RenderModelSql("select 1\n{% if x %}1{% endif %}"),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("line 2: unsupported Jinja statement '{% if x %}'")));
  EXPECT_THAT(RenderModelSql("select {{ var('day') }}"),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("line 1: unsupported Jinja call 'var()'")));
  EXPECT_THAT(RenderModelSql("select {{ x }}"),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("unsupported Jinja expression '{{ x }}'")));
  EXPECT_THAT(RenderModelSql("select * from {{ ref('a', 'b') }}"),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("ref() takes one quoted model name")));
  EXPECT_THAT(RenderModelSql("select * from {{ source('a') }}"),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("source() takes a quoted source and table")));
  EXPECT_THAT(RenderModelSql("select * from\n\n{{ ref('a') "),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("line 3: unclosed '{{'")));
}

}  // namespace
}  // namespace baton::agents::etl
