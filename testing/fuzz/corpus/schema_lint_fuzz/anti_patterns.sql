CREATE TABLE attributes (entity_id INTEGER, attribute TEXT, value TEXT);
CREATE TABLE orders (id TEXT, user_id TEXT, amount TEXT, created_at TEXT, is_paid TEXT);
CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, username VARCHAR(40));
CREATE UNIQUE INDEX idx_users_email ON users (email);
CREATE INDEX a ON orders(amount); CREATE INDEX b ON orders(created_at); CREATE INDEX c ON orders(is_paid);
ALTER TABLE users ADD COLUMN role_id INTEGER;
CREATE TABLE roles (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);
