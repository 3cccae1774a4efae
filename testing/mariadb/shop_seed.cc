#include "testing/mariadb/shop_seed.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace baton::testing {

std::string ShopSeedSql() {
  std::string sql = R"sql(
CREATE TABLE users (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  email VARCHAR(255) NOT NULL,
  display_name VARCHAR(100) NOT NULL,
  status ENUM('active','suspended','deleted') NOT NULL DEFAULT 'active',
  is_admin TINYINT(1) NOT NULL DEFAULT 0,
  login_count INT UNSIGNED NOT NULL DEFAULT 0,
  birth_date DATE NOT NULL DEFAULT '0000-00-00',
  bio TEXT,
  legacy_code VARCHAR(20) CHARACTER SET latin1 COLLATE latin1_swedish_ci NULL,
  avatar BLOB NULL,
  balance DECIMAL(10,2) NOT NULL DEFAULT 0.00,
  rating DOUBLE NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME(6) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_users_email (email),
  KEY idx_users_status (status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE orders (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  user_id INT UNSIGNED NOT NULL,
  total DECIMAL(12,2) NOT NULL,
  quantity SMALLINT UNSIGNED NOT NULL DEFAULT 1,
  placed_at DATETIME NOT NULL,
  shipped_on DATE NULL,
  PRIMARY KEY (id),
  KEY idx_orders_user_placed (user_id, placed_at),
  CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO users (id, email, display_name, status, is_admin, login_count, birth_date, bio,
                   legacy_code, avatar, balance, rating, created_at, updated_at) VALUES
  (1, 'alice@example.com', 'Alice', 'active', 1, 4000000000, '1990-04-01',
   'Runs the shop', 'Café', X'00FF10', 125.50, 4.75, '2024-01-02 03:04:05',
   '2024-01-02 03:04:05.123456'),
  (2, 'bob@example.com', 'Bob 🎉', 'suspended', 0, 12, '1985-12-24',
   'Likes 🚀 rockets and “quotes”', NULL, NULL, 0.00, NULL,
   '2024-02-03 04:05:06', NULL),
  (3, 'carol@example.com', 'Zoë', 'active', 0, 0, '0000-00-00', NULL,
   'NAÏVE', NULL, 9.99, 0.1, '2024-03-04 05:06:07', NULL),
  (4, 'dave@example.com', 'Dave O''Brien', 'deleted', 0, 7, '2000-02-29',
   'Back\\slash and ''quotes''', NULL, NULL, 1000000.00, -2.5, '2024-04-05 06:07:08', NULL),
  (5, 'erin@example.com', '李娜', 'active', 0, 1, '0000-00-00', '',
   NULL, NULL, 3.00, 1e20, '2024-05-06 07:08:09', '2024-05-06 07:08:09.5'),
  (6, 'frank@example.com', 'Frank', 'active', 0, 0, '1970-01-01', NULL, NULL, NULL, 0, NULL,
   '2024-06-07 08:09:10', NULL);
DELETE FROM users WHERE id = 6;
)sql";
  std::vector<std::string> rows;
  for (int i = 1; i <= kShopOrders; ++i) {
    rows.push_back(absl::StrFormat(
        "(%d, %d, %d.%02d, %d, '2024-%02d-%02d %02d:%02d:00', %s)", i, 1 + i % kShopUsers,
        (i * 37) % 1000, i % 100, 1 + i % 5, 1 + i % 12, 1 + i % 28, i % 24, i % 60,
        i % 3 == 0 ? "NULL" : absl::StrFormat("'2024-%02d-%02d'", 1 + (i + 1) % 12, 1 + i % 27)));
  }
  absl::StrAppend(&sql,
                  "INSERT INTO orders (id, user_id, total, quantity, placed_at, shipped_on) "
                  "VALUES ",
                  absl::StrJoin(rows, ",\n"), ";\n");
  return sql;
}

}  // namespace baton::testing
