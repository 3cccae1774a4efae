#include "executor/digest.h"

#include "gtest/gtest.h"

namespace baton::executor {
namespace {

TEST(DigestTest, MatchesKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(DigestTest, MissingFileIsNotFound) {
  EXPECT_EQ(Sha256File("/nonexistent/baton").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace baton::executor
