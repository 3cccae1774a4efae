#include "agents/cache/cache_design.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::cache {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;

DataAccess UsersAccess() {
  DataAccess access;
  access.entity = "user";
  access.module = "src/users/repository.ts";
  access.read = {"getUserById", "id: string", "string", "User | null", 14};
  access.updates.push_back({"updateUser", "id: string, changes: UserChanges", "string", "User | null", 22});
  access.deletes.push_back({"deleteUser", "id: string", "string", "boolean", 31});
  return access;
}

TEST(ParseCacheRequestTest, CardTriggerNamesUsersWithTheDefaultTtl) {
  absl::StatusOr<CacheRequest> request = ParseCacheRequest("Add Redis caching for user queries");
  ASSERT_THAT(request, IsOk());
  EXPECT_THAT(request->entities, ElementsAre("user"));
  EXPECT_EQ(request->ttl_seconds, 3600);
  EXPECT_FALSE(request->ttl_from_request);
}

TEST(ParseCacheRequestTest, TtlInTheRequestWins) {
  EXPECT_EQ(ParseCacheRequest("Cache orders in Redis with a 5 minute TTL")->ttl_seconds, 300);
  EXPECT_EQ(ParseCacheRequest("Add caching for products, TTL of 90 seconds")->ttl_seconds, 90);
  EXPECT_THAT(ParseCacheRequest("Cache orders in Redis with a 5 minute TTL")->entities,
              ElementsAre("order"));
  EXPECT_THAT(ParseCacheRequest("Add Redis caching for users with 0 s ttl"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("between 1 second and 30 days")));
}

TEST(DesignCacheTest, KeysTtlAndWritePathsComeFromTheRepository) {
  CacheRequest request;
  request.ttl_seconds = 600;
  const CacheDesign design = DesignCache(request, UsersAccess());
  EXPECT_EQ(design.key_prefix, "user:");
  EXPECT_EQ(design.cache_module, "src/users/user.cache.ts");
  EXPECT_EQ(design.factory, "createCachedUserRepository");
  EXPECT_EQ(design.ttl_seconds, 600);
  const std::string doc = RenderDesignDoc(design, "Add Redis caching for user queries");
  EXPECT_THAT(doc, HasSubstr("`user:${id}`"));
  EXPECT_THAT(doc, HasSubstr("SET key value EX 600"));
  EXPECT_THAT(doc, HasSubstr("`updateUser, deleteUser`: write to the database first, then `DEL user:<id>`"));
  EXPECT_THAT(doc, HasSubstr("## Stampede"));
  EXPECT_EQ(DesignDocPath(design), "docs/design/user_cache.md");
}

TEST(DesignFactsTest, RoundTripAndMissingFactIsNamed) {
  const CacheDesign design = DesignCache(CacheRequest{}, UsersAccess());
  std::map<std::string, std::string> facts = DesignFacts(design);
  absl::StatusOr<CacheDesign> back = DesignFromFacts(facts);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->key_prefix, "user:");
  EXPECT_THAT(back->updates, ElementsAre("updateUser"));
  EXPECT_THAT(back->deletes, ElementsAre("deleteUser"));
  EXPECT_EQ(back->ttl_seconds, 3600);
  facts.erase("cache.read");
  EXPECT_THAT(DesignFromFacts(facts),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("no \"cache.read\" fact; in the Cache Implementation workflow "
                                 "systems-architect")));
}

}  // namespace
}  // namespace baton::agents::cache
