#!/bin/sh
# Opening databases: missing, empty, foreign, directories, versions.
. "$PM_TESTS/lib.sh"

fails 66 "missing database exits 66" pm-admin -d nothere.db audit
err_has "says how to create one" "pm-admin init"
is "nothing was created" "no" "$([ -e nothere.db ] && echo yes || echo no)"

: > empty.db
fails 66 "empty file exits 66" pm-admin -d empty.db check
is "empty file untouched" "0" "$(stat -c %s empty.db)"

printf 'hello\nthis is text\n' > text.db
cp text.db text.orig
fails 66 "text file exits 66" pm-admin -d text.db audit
same_file "text file untouched" text.orig text.db

mkdir dir.db
fails 66 "directory exits 66" pm-admin -d dir.db audit

sqlite3 foreign.db 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
fails 66 "a foreign SQLite database exits 66" pm-admin -d foreign.db audit
err_has "says not a pm database" "not a pm database"

pm-admin init >/dev/null 2>&1
sqlite3 pm.db 'PRAGMA user_version=999'
fails 65 "newer schema is refused" pm-admin audit
err_has "one-line message names the versions" "version 999 is newer"
fails 65 "migrate refuses a newer schema too" pm-admin migrate
fails 1 "check reports the version" pm-admin check
out_has "check names the schema problem" "schema"

done_testing
