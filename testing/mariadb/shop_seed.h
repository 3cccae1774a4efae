// Test data: a legacy MySQL shop schema with what a real MySQL -> PostgreSQL
// migration meets: AUTO_INCREMENT (with a counter past max(id): user 6 was
// deleted), UNSIGNED integers, ENUM, TINYINT(1), zero dates (users 3 and 5),
// utf8mb4 text with emoji, a latin1 column, a BLOB with a NUL byte, DECIMAL,
// DOUBLE, TIMESTAMP and DATETIME(6), a unique key on a case-insensitive
// collation, secondary indexes and a foreign key (orders -> users).
// users: 5 rows; orders: kShopOrders rows.
#ifndef BATON_TESTING_MARIADB_SHOP_SEED_H_
#define BATON_TESTING_MARIADB_SHOP_SEED_H_

#include <string>

namespace baton::testing {

inline constexpr int kShopUsers = 5;
inline constexpr int kShopOrders = 2500;

// Statements separated by ";\n" (TestMariadbDatabase::Exec).
std::string ShopSeedSql();

}  // namespace baton::testing

#endif  // BATON_TESTING_MARIADB_SHOP_SEED_H_
