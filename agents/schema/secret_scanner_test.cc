#include "agents/schema/secret_scanner.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::agents::schema {
namespace {

using ::baton::handoff::Finding;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// The one finding for `line` in a file named `path`, or a finding with an
// empty rule when there is none.
Finding One(const std::string& line, const std::string& path = "config/app.env") {
  std::vector<Finding> findings = ScanForSecrets(path, "# header\n" + line + "\n");
  EXPECT_LE(findings.size(), 1u);
  return findings.empty() ? Finding() : findings[0];
}

TEST(SecretScannerTest, PrivateKey) {
  Finding finding = One("-----BEGIN RSA PRIVATE KEY-----", "deploy/id_rsa");
  EXPECT_EQ(finding.rule(), "secret-private-key");
  EXPECT_EQ(finding.severity(), Finding::BLOCKER);
  EXPECT_EQ(finding.location(), "deploy/id_rsa:2");
  EXPECT_EQ(finding.message(), "a RSA private key is written in the file");
  EXPECT_THAT(finding.fix(), HasSubstr("rotate"));
  EXPECT_EQ(One("-----BEGIN OPENSSH PRIVATE KEY-----").rule(), "secret-private-key");
  EXPECT_EQ(One("-----BEGIN PUBLIC KEY-----").rule(), "");
}

TEST(SecretScannerTest, AwsKeys) {
  EXPECT_EQ(One("AWS_ACCESS_KEY_ID=AKIAZ7QWERTYUIOPASDF").rule(),
            "secret-aws-access-key");
  EXPECT_EQ(One("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ3Kq9Lm2x").rule(),
            "secret-aws-secret-key");
  // AWS's documented example key is a placeholder.
  EXPECT_EQ(One("AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE").rule(), "");
}

TEST(SecretScannerTest, KnownTokenFormats) {
  EXPECT_EQ(One("token: ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5").rule(),
            "secret-api-token");
  EXPECT_EQ(One("STRIPE=sk_live_4eC39HqLyjWDarjtT1zdp7dc9Z").rule(),
            "secret-api-token");
}

TEST(SecretScannerTest, ConnectionStringPasswords) {
  Finding finding =
      One("DATABASE_URL=postgres://app:s3cr3t-Pa55@db.internal:5432/shop",
          "database/README.md");
  EXPECT_EQ(finding.rule(), "secret-connection-string");
  EXPECT_EQ(finding.message(),
            "a postgres connection string with a password for app is written "
            "in the file: s3… (11 characters)");
  EXPECT_THAT(finding.message(), Not(HasSubstr("s3cr3t-Pa55")));
  EXPECT_EQ(One("url = mysql://root:hunter22@localhost/db").rule(),
            "secret-connection-string");
  EXPECT_EQ(One("url = postgres://app:${DB_PASSWORD}@db/shop").rule(), "");
  EXPECT_EQ(One("url = postgres://app@db/shop").rule(), "");
  EXPECT_EQ(One("see https://example.com/a:b@c").rule(), "");
}

TEST(SecretScannerTest, PasswordAssignments) {
  EXPECT_EQ(One("DB_PASSWORD=hunter22").rule(), "secret-password");
  EXPECT_EQ(One("  password: Tr0ub4dor&3", "config/db.yml").rule(), "secret-password");
  EXPECT_EQ(One("{\"password\": \"correct horse\"}", "config.json").rule(),
            "secret-password");
  EXPECT_EQ(One("conn = 'host=db user=app password=hunter22 sslmode=require'",
                "etl/load.sql")
                .rule(),
            "secret-password");
  EXPECT_EQ(One("CREATE USER app WITH PASSWORD 'hunter22';", "db/roles.sql").rule(),
            "secret-password");
  // Code reading a password, placeholders, and hashes are not secrets.
  EXPECT_EQ(One("password = request.form.get(x)", "app/login.py").rule(), "");
  EXPECT_EQ(One("password = os.environ['DB_PASSWORD']", "app/db.py").rule(), "");
  EXPECT_EQ(One("DB_PASSWORD=${DB_PASSWORD}").rule(), "");
  EXPECT_EQ(One("password: <your password>").rule(), "");
  EXPECT_EQ(One("password=********").rule(), "");
  EXPECT_EQ(One("password_hash VARCHAR(255) NOT NULL,", "db/users.sql").rule(), "");
  EXPECT_EQ(One("if (password == expected) {", "a.cc").rule(), "");
}

TEST(SecretScannerTest, HighEntropyTokens) {
  EXPECT_EQ(One("API_KEY=\"9f8e7d6c5b4a39281706f5e4d3c2b1a0Zz\"").rule(),
            "secret-token");
  EXPECT_EQ(One("client_secret: q8Vh2LmX0pRt7sKw4nZy1bJc6dFg", "app.yml").rule(),
            "secret-token");
  // Low entropy, too short, or database vocabulary: not secrets.
  EXPECT_EQ(One("API_KEY=aaaaaaaaaaaaaaaaaaaaaaaa1").rule(), "");
  EXPECT_EQ(One("API_KEY=abc123").rule(), "");
  EXPECT_EQ(One("primary_key = 'idx_users_email_and_created_2024'").rule(), "");
  EXPECT_EQ(One("sort_key: user_id_created_at_9f8e7d6c5b").rule(), "");
}

TEST(SecretScannerTest, OrdinaryFilesAreClean) {
  EXPECT_THAT(ScanForSecrets("database/migrations/004.sql",
                             "-- Up migration\nCREATE TABLE orders (id INTEGER "
                             "PRIMARY KEY, token_count INTEGER);\n"),
              IsEmpty());
}

TEST(SecretScannerTest, EntropyAndPlaceholders) {
  EXPECT_DOUBLE_EQ(ShannonEntropy(""), 0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("aaaa"), 0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("abcd"), 2);
  EXPECT_TRUE(IsPlaceholderValue("${SECRET}"));
  EXPECT_TRUE(IsPlaceholderValue("<password>"));
  EXPECT_TRUE(IsPlaceholderValue("xxxx"));
  EXPECT_TRUE(IsPlaceholderValue("changeme"));
  EXPECT_TRUE(IsPlaceholderValue("process.env.DB_PASS"));
  EXPECT_FALSE(IsPlaceholderValue("hunter22"));
}

}  // namespace
}  // namespace baton::agents::schema
