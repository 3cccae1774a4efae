#include "agents/schema/transport_scanner.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::agents::schema {
namespace {

using ::baton::handoff::Finding;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<Finding> Scan(const std::string& line) {
  return ScanForPlaintextTransport("config/db.env", "# db\n" + line + "\n");
}

TEST(TransportScannerTest, PlaintextSettings) {
  std::vector<Finding> findings =
      Scan("DATABASE_URL=postgres://db.internal/shop?sslmode=disable");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule(), "plaintext-transport");
  EXPECT_EQ(findings[0].severity(), Finding::ERROR);
  EXPECT_EQ(findings[0].location(), "config/db.env:2");
  EXPECT_THAT(findings[0].message(),
              HasSubstr("sslmode=disable lets the database connection travel unencrypted"));
  EXPECT_THAT(findings[0].fix(), HasSubstr("verify-full"));
  for (const std::string line :
       {"jdbc:mysql://db/shop?useSSL=false", "ssl: false", "DB_SSL=0", "PGSSLMODE=disable",
        "--ssl-mode=DISABLED", "Server=db;Encrypt=False;", "tls = off",
        "sslmode=allow"}) {
    std::vector<Finding> found = Scan(line);
    ASSERT_EQ(found.size(), 1u) << line;
    EXPECT_EQ(found[0].severity(), Finding::ERROR) << line;
  }
}

TEST(TransportScannerTest, WeakSettingsAreWarnings) {
  std::vector<Finding> prefer = Scan("host=db sslmode=prefer");
  ASSERT_EQ(prefer.size(), 1u);
  EXPECT_EQ(prefer[0].severity(), Finding::WARNING);
  EXPECT_THAT(prefer[0].message(), HasSubstr("falls back"));
  for (const std::string line :
       {"TrustServerCertificate=true", "rejectUnauthorized: false",
        "verify_ssl = False"}) {
    std::vector<Finding> found = Scan(line);
    ASSERT_EQ(found.size(), 1u) << line;
    EXPECT_EQ(found[0].rule(), "unverified-tls") << line;
    EXPECT_EQ(found[0].severity(), Finding::WARNING) << line;
  }
}

TEST(TransportScannerTest, SecureSettingsAreClean) {
  EXPECT_THAT(Scan("postgres://db/shop?sslmode=verify-full"), IsEmpty());
  EXPECT_THAT(Scan("useSSL=true"), IsEmpty());
  EXPECT_THAT(Scan("ssl: true"), IsEmpty());
  EXPECT_THAT(Scan("CREATE TABLE sessions (id INTEGER PRIMARY KEY, tls_version TEXT);"),
              IsEmpty());
}

}  // namespace
}  // namespace baton::agents::schema
