#include "agents/data/pii_columns.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::agents::data {
namespace {

using ::testing::Optional;

TEST(PiiColumnsTest, RecognisesPersonalData) {
  EXPECT_THAT(PiiKind("phone_number"), Optional(std::string("phone number")));
  EXPECT_THAT(PiiKind("Mobile_Phone"), Optional(std::string("phone number")));
  EXPECT_THAT(PiiKind("email"), Optional(std::string("email address")));
  EXPECT_THAT(PiiKind("email_address"), Optional(std::string("email address")));
  EXPECT_THAT(PiiKind("ssn"), Optional(std::string("social security number")));
  EXPECT_THAT(PiiKind("date_of_birth"), Optional(std::string("date of birth")));
  EXPECT_THAT(PiiKind("last_login_ip_address"),
              Optional(std::string("IP address")));
  EXPECT_THAT(PiiKind("street_address"),
              Optional(std::string("postal address")));
  EXPECT_THAT(PiiKind("first_name"), Optional(std::string("personal name")));
}

TEST(PiiColumnsTest, IgnoresOrdinaryColumns) {
  EXPECT_EQ(PiiKind("created_at"), std::nullopt);
  EXPECT_EQ(PiiKind("name"), std::nullopt);  // roles.name, products.name.
  EXPECT_EQ(PiiKind("is_active"), std::nullopt);
  EXPECT_EQ(PiiKind("headphones_count"), std::nullopt);
  EXPECT_EQ(PiiKind("adobe_license"), std::nullopt);
}

}  // namespace
}  // namespace baton::agents::data
