-- Development users. Loads after every migration has run.
INSERT INTO users (id, email, name) VALUES
  (1, 'ada@example.com', 'Ada Lovelace'),
  (2, 'grace@example.com', 'Grace Hopper'),
  (3, 'alan@example.com', 'Alan Turing');
