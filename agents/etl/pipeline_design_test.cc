#include "agents/etl/pipeline_design.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::etl {
namespace {

using ::testing::HasSubstr;

TEST(PipelineDesignTest, ReadsSourceTargetAndSchedule) {
  absl::StatusOr<PipelineDesign> design =
      DesignPipeline("Build daily data sync from MongoDB to Redshift");
  ASSERT_TRUE(design.ok()) << design.status();
  EXPECT_EQ(design->source_system, "MongoDB");
  EXPECT_EQ(design->source_name, "mongodb");
  EXPECT_EQ(design->target, "Redshift");
  EXPECT_EQ(design->schedule, "daily");
  EXPECT_EQ(design->fact, "orders");
  EXPECT_EQ(design->fact_key, "order_id");
}

TEST(PipelineDesignTest, ReadsTheEntityOfDbtModels) {
  absl::StatusOr<PipelineDesign> design =
      DesignPipeline("Create hourly dbt models for payments from MySQL");
  ASSERT_TRUE(design.ok()) << design.status();
  EXPECT_EQ(design->fact, "payments");
  EXPECT_EQ(design->fact_key, "payment_id");
  EXPECT_EQ(design->source_name, "mysql");
  EXPECT_EQ(design->schedule, "hourly");
  EXPECT_EQ(FactModel(*design), "fct_payments");
}

TEST(PipelineDesignTest, RefusesARequestWithoutAPipeline) {
  EXPECT_THAT(DesignPipeline("Make the users table faster"),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("names no pipeline")));
}

TEST(PipelineDesignTest, FactsRoundTripAndNameWhatIsMissing) {
  PipelineDesign design = *DesignPipeline("sync orders from Mongo to Snowflake");
  absl::StatusOr<PipelineDesign> back = DesignFromFacts(DesignFacts(design));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->target, "Snowflake");
  EXPECT_EQ(back->source_system, "MongoDB");
  auto facts = DesignFacts(design);
  facts.erase("etl.incremental_key");
  EXPECT_THAT(DesignFromFacts(facts),
              testing::StatusIs(absl::StatusCode::kFailedPrecondition,
                                HasSubstr("etl.incremental_key")));
}

TEST(PipelineDesignTest, DesignDocNamesLayersKeysAndIdempotency) {
  PipelineDesign design = *DesignPipeline("Build daily data sync from MongoDB to Redshift");
  const std::string doc = RenderPipelineDesignDoc(design);
  EXPECT_THAT(doc, HasSubstr("| bronze (raw, typed) | models/staging | stg_users, stg_orders"));
  EXPECT_THAT(doc, HasSubstr("Incremental key: `updated_at`"));
  EXPECT_THAT(doc, HasSubstr("unique_key='order_id'"));
  EXPECT_THAT(RenderPipelineSpec(design, "x"), HasSubstr("No NULL in required fields"));
}

}  // namespace
}  // namespace baton::agents::etl
