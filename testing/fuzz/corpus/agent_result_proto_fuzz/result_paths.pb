*
out/secret.txt*
../x*!
db/migrations/004_add_phone.sql