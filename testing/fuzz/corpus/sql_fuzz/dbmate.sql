-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_phone ON users (phone_number);

-- migrate:down
DROP INDEX IF EXISTS idx_users_phone;
