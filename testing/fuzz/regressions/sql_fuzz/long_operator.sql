-- Monthly report
SELECT u.i+++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++d, u.email, count(o.id) AS orders, sum(o.total)
FROM users u
JOIN orders o ON o.user_id = u.id
LEFT JOIN products p ON p.id =reate '%@x.com';
