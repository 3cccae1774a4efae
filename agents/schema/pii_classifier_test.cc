#include "agents/schema/pii_classifier.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::agents::schema {
namespace {

std::string Kind(absl::string_view table, absl::string_view column,
                 absl::string_view type = "VARCHAR(255)") {
  std::optional<PiiClass> pii = ClassifyPiiColumn(table, column, type);
  return pii.has_value() ? pii->kind : "";
}

TEST(PiiClassifierTest, EachKindOfPersonalData) {
  EXPECT_EQ(Kind("customers", "email"), "email address");
  EXPECT_EQ(Kind("users", "phone_number"), "phone number");
  EXPECT_EQ(Kind("users", "ssn"), "social security number");
  EXPECT_EQ(Kind("users", "dob", "DATE"), "date of birth");
  EXPECT_EQ(Kind("users", "date_of_birth", "DATE"), "date of birth");
  EXPECT_EQ(Kind("addresses", "street_address"), "postal address");
  EXPECT_EQ(Kind("addresses", "postcode"), "postal address");
  EXPECT_EQ(Kind("payments", "card_number"), "payment card number");
  EXPECT_EQ(Kind("payments", "credit_card"), "payment card number");
  EXPECT_EQ(Kind("payouts", "iban"), "bank account details");
  EXPECT_EQ(Kind("payouts", "bank_account_number"), "bank account details");
  EXPECT_EQ(Kind("travellers", "passport_no"), "passport number");
  EXPECT_EQ(Kind("drivers", "drivers_license_number"), "driver's license number");
  EXPECT_EQ(Kind("citizens", "national_id"), "national id number");
  EXPECT_EQ(Kind("sessions", "ip_address"), "IP address");
  EXPECT_EQ(Kind("customers", "name"), "personal name");
  EXPECT_EQ(Kind("users", "last_name"), "personal name");
}

TEST(PiiClassifierTest, SensitivityAndForbiddenData) {
  EXPECT_TRUE(ClassifyPiiColumn("users", "ssn", "TEXT")->sensitive);
  EXPECT_TRUE(ClassifyPiiColumn("payments", "card_number", "TEXT")->sensitive);
  EXPECT_FALSE(ClassifyPiiColumn("users", "email", "TEXT")->sensitive);
  std::optional<PiiClass> cvv = ClassifyPiiColumn("payments", "card_cvv", "CHAR(3)");
  ASSERT_TRUE(cvv.has_value());
  EXPECT_EQ(cvv->kind, "card security code");
  EXPECT_TRUE(cvv->forbidden);
}

TEST(PiiClassifierTest, ProtectedOrDescriptiveColumnsAreNotPii) {
  EXPECT_EQ(Kind("users", "email_verified_at", "TIMESTAMP"), "");
  EXPECT_EQ(Kind("users", "is_phone_verified", "BOOLEAN"), "");
  EXPECT_EQ(Kind("users", "phone_confirmed"), "");
  EXPECT_EQ(Kind("users", "ssn_hash"), "");
  EXPECT_EQ(Kind("users", "email_encrypted"), "");
  EXPECT_EQ(Kind("payments", "card_last4"), "");
  EXPECT_EQ(Kind("payments", "card_token"), "");
  EXPECT_EQ(Kind("products", "name"), "");  // Not a person.
  EXPECT_EQ(Kind("orders", "total", "DECIMAL(10,2)"), "");
  EXPECT_EQ(Kind("orders", "shipped_at", "TIMESTAMP"), "");
}

}  // namespace
}  // namespace baton::agents::schema
