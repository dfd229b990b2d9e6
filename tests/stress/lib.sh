# lib.sh — what the stress suites share, after tests/cli/lib.sh.

# say TEXT: one line of what the suite did or verified (run shows it).
say() { printf '# %s\n' "$*"; }

# todo ITEM NAME: the next check is a known bug that issue ITEM owns:
# its "not ok" is marked TODO (shown by run, not a failure).
_todo=
todo() { _todo="$1"; }
_ok() {
	_n=$((_n + 1))
	if [ -n "$_todo" ]; then printf 'ok %d - %s # TODO %s\n' "$_n" "$1" "$_todo"
	else printf 'ok %d - %s\n' "$_n" "$1"; fi
	_todo=
}
_notok() {
	_n=$((_n + 1))
	if [ -n "$_todo" ]; then printf 'not ok %d - %s # TODO %s\n' "$_n" "$1" "$_todo"
	else printf 'not ok %d - %s\n' "$_n" "$1"; fi
	_todo=
	[ -s "$T/.err" ] && sed 's/^/#   stderr: /' "$T/.err" | head -n 5
	[ -s "$T/.out" ] && sed 's/^/#   stdout: /' "$T/.out" | head -n 5
	return 0
}

# dump DB: everything the database holds, through sqlite3 (reading the
# WAL too), with the header values .dump leaves out.  An unreadable
# file dumps as its error, which must stay the same too.
dump() {
	sqlite3 -readonly "$1" 'PRAGMA user_version' 'PRAGMA application_id' .dump 2>&1
}

# dump_but_audit DB: the same without the audit log (a refusal adds one
# row there, and only there).
dump_but_audit() {
	sqlite3 -readonly "$1" 'PRAGMA user_version' \
	    ".dump $(sqlite3 -readonly "$1" "SELECT group_concat(name, ' ') FROM sqlite_master
	        WHERE type = 'table' AND name NOT IN ('audit', 'sqlite_sequence')
	          AND name NOT LIKE 'sqlite_%'")" 2>&1
}

# q SQL: one value from the test database (verification only: the
# suites drive pm through its binaries).
q() { sqlite3 -readonly "$PM_DB" "$1"; }

# rand N: a pseudo-random number in [0, N) into $rnd (dash has no
# $RANDOM).  Not printed: in $(rand N) the seed would move only in the
# subshell, and every call would give the same number.
_seed=$(( $$ * 7919 % 2147483647 + 1 ))
rand() { _seed=$(( (_seed * 1103515245 + 12345) % 2147483648 )); rnd=$(( _seed / 65536 % $1 )); }

# at_once N FN: FN 1, FN 2 .. FN N at once, in the background; waits
# for them (and any other child of this shell).
at_once() { _i=1; while [ $_i -le "$1" ]; do "$2" $_i & _i=$((_i + 1)); done; wait; }

# safety_db: a new database $PM_DB for the hazard, incident and drill
# cases: site s1, the security department with its head (head), and a
# manager (zhao), the built-in escalation levels' two.
safety_db() {
	pm-admin init >/dev/null 2>&1
	pm-org staff new admin --name 管理员 >/dev/null 2>&1
	pm-unit site new s1 --name 阳光花园 --kind residential >/dev/null
	pm-org staff new head --name 队长 --roles security --dept security >/dev/null 2>&1
	pm-org dept set security --head head >/dev/null 2>&1
	pm-org staff new zhao --name 赵经理 --roles manager >/dev/null 2>&1
}
