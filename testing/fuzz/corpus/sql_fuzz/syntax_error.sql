SELEC email FROM users
WHERE id = 1