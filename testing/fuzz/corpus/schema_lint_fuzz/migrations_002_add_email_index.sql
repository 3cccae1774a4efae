-- Users log in by email: look it up by index and keep it unique.

-- Up migration
CREATE UNIQUE INDEX IF NOT EXISTS idx_users_email ON users (email);

-- Down migration
DROP INDEX IF EXISTS idx_users_email;
