#!/bin/sh
# pm-admin init: creates a private database once, never overwrites.
. "$PM_TESTS/lib.sh"

ok "init creates the database" pm-admin init
quiet "init is quiet on success"
is "database is mode 0600" "600" "$(stat -c %a pm.db)"
ok "check passes on a new database" pm-admin check
quiet "check is quiet when all is well"

cp pm.db before.db
fails 73 "second init exits 73" pm-admin init
err_has "second init says the file exists" "already exists"
same_file "second init leaves the file byte-identical" before.db pm.db

ok "init with --db makes missing parents" pm-admin --db "$T/a/b/c.db" init
is "parent directory is private" "700" "$(stat -c %a "$T/a/b")"

umask 000
ok "init under umask 000" pm-admin -d "$T/open.db" init
is "still not world-readable" "600" "$(stat -c %a "$T/open.db")"
umask 022

# a shared setup: umask 007 and a setgid directory of the pm group
mkdir shared
chmod 2770 shared
umask 007
ok "init under umask 007" pm-admin -d "$T/shared/pm.db" init
is "the group may read and write, others nothing" "660" "$(stat -c %a "$T/shared/pm.db")"
ok "a write under the same umask" pm-admin -d "$T/shared/pm.db" backup "$T/shared/b.db"
is "a backup stays private" "600" "$(stat -c %a "$T/shared/b.db")"
ok "missing parents for the group" pm-admin -d "$T/shared/x/y.db" init
is "are group-writable, setgid inherited" "2770" "$(stat -c %a "$T/shared/x")"
umask 002
ok "init under umask 002" pm-admin -d "$T/u002.db" init
is "002 says nothing about others: private" "600" "$(stat -c %a "$T/u002.db")"
umask 022

ok "departments are there" pm-admin -o json audit --entity database --action init
out_has "init is in the audit log" '"action":"init"'

ok "default database path under XDG_DATA_HOME" env -u PM_DB pm-admin init
is "default path used" "yes" "$([ -f "$T/data/pm/pm.db" ] && echo yes)"

fails 64 "init takes no operands" pm-admin init extra
mkdir ro && chmod 555 ro
if [ "$(id -u)" -ne 0 ]; then
	fails 73 "init in a read-only directory exits 73" pm-admin -d ro/x.db init
else
	ok "skip: read-only dir test needs non-root" true
fi
is "a failed init leaves no file" "no" "$([ -e ro/x.db ] && echo yes || echo no)"

done_testing
