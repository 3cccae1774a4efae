-- Monthly report
SELECT u.id, u.email, count(o.id) AS orders, sum(o.total)
FROM users u
JOIN orders o ON o.user_id = u.id
LEFT JOIN products p ON p.id = o.product_id
WHERE u.created_at > $1 AND o.status IN ('paid', 'shipped')
GROUP BY u.id, u.email
ORDER BY 4 DESC
LIMIT 20;
SELECT * FROM users, orders WHERE users.email LIKE '%@x.com';
