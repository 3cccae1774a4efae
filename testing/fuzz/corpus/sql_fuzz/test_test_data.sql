-- Test data: users with roles. Ids start at 100 so the dev seeds can load too.
INSERT INTO users (id, email, name) VALUES
  (100, 'admin@test.example', 'Test Admin'),
  (101, 'member@test.example', 'Test Member'),
  (102, 'guest@test.example', 'Test Guest');

INSERT INTO roles (id, name) VALUES
  (1, 'admin'),
  (2, 'member'),
  (3, 'guest');

INSERT INTO user_roles (user_id, role_id) VALUES
  (100, 1),
  (100, 2),
  (101, 2),
  (102, 3);
