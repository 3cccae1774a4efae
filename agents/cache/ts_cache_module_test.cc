#include "agents/cache/ts_cache_module.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::agents::cache {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

CacheDesign Users() {
  CacheDesign design;
  design.entity = "user";
  design.type_name = "User";
  design.key_prefix = "user:";
  design.ttl_seconds = 900;
  design.source_module = "src/users/repository.ts";
  design.read = "getUserById";
  design.id_type = "string";
  design.updates = {"updateUser"};
  design.deletes = {"deleteUser"};
  design.cache_module = "src/users/user.cache.ts";
  design.factory = "createCachedUserRepository";
  return design;
}

TEST(RenderTsCacheModuleTest, WrapsTheRepositoryWithGetSetExAndDel) {
  const std::string module = RenderTsCacheModule(Users());
  EXPECT_THAT(module, HasSubstr("import Redis from 'ioredis';"));
  EXPECT_THAT(module, HasSubstr("import { deleteUser, getUserById, updateUser } from './repository';"));
  EXPECT_THAT(module, HasSubstr("export const USER_CACHE_TTL_SECONDS = 900;"));
  EXPECT_THAT(module, HasSubstr("return `user:${String(id)}`;"));
  EXPECT_THAT(module, HasSubstr("await redis.set(key, JSON.stringify(value), 'EX', ttlSeconds);"));
  EXPECT_THAT(module, HasSubstr("const result = await repository.updateUser(...args);\n"
                                "      await redis.del(userCacheKey(args[0]));"));
  EXPECT_THAT(module, HasSubstr("const result = await repository.deleteUser(...args);"));
  EXPECT_THAT(module, HasSubstr("export function cachedUsers(): UserRepository"));
  EXPECT_THAT(module, Not(::testing::ContainsRegex("\\$[A-Z]"))) << "unreplaced placeholder";
}

TEST(RenderTsCacheModuleTest, ReadOnlyRepositoryGetsNoWriteWrappers) {
  CacheDesign design = Users();
  design.updates.clear();
  design.deletes.clear();
  const std::string module = RenderTsCacheModule(design);
  EXPECT_THAT(module, Not(HasSubstr("redis.del")));
  EXPECT_THAT(module, HasSubstr("import { getUserById } from './repository';"));
}

TEST(RenderTsHarnessTest, ChecksEveryPropertyOfTheDesign) {
  const std::string harness = RenderTsHarness(Users(), "./src/users/user.cache");
  EXPECT_THAT(harness, HasSubstr("import * as cache from './src/users/user.cache';"));
  for (const char* property : {kMissFills, kHitSkipsDb, kUpdateInvalidates, kDeleteInvalidates,
                               kTtlExpires}) {
    EXPECT_THAT(harness, HasSubstr(absl::StrCat("report('", property, "'")));
  }
  EXPECT_THAT(harness, HasSubstr("const ID = '4242' as unknown as Id;"));
  CacheDesign numeric = Users();
  numeric.id_type = "number";
  numeric.deletes.clear();
  const std::string other = RenderTsHarness(numeric, "./m");
  EXPECT_THAT(other, HasSubstr("const ID = 4242 as unknown as Id;"));
  EXPECT_THAT(other, Not(HasSubstr("delete-invalidates")));
}

}  // namespace
}  // namespace baton::agents::cache
