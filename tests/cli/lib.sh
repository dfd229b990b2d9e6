# lib.sh — helpers for the CLI tests (TAP).  Source it first thing.
#
# Each test file gets a fresh directory, a fixed clock and a fixed actor,
# and the process time zone set to UTC, so that business dates (Asia/
# Shanghai) are never taken from the machine by accident.

set -u
PATH="$PM_BIN:$PATH"
T=$(mktemp -d "${TMPDIR:-/tmp}/pm-test.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
export HOME="$T" XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
export PM_DB="$T/pm.db" PM_NOW="2026-11-30 09:00" PM_USER=admin TZ=UTC LC_ALL=C.UTF-8
unset LANGUAGE
unset PM_CONFIG

_n=0
_ok() { _n=$((_n + 1)); printf 'ok %d - %s\n' "$_n" "$1"; }
_notok() {
	_n=$((_n + 1)); printf 'not ok %d - %s\n' "$_n" "$1"
	[ -s "$T/.err" ] && sed 's/^/#   stderr: /' "$T/.err" | head -n 5
	[ -s "$T/.out" ] && sed 's/^/#   stdout: /' "$T/.out" | head -n 5
	return 0
}

# run CMD...: run it, keeping stdout in $T/.out, stderr in $T/.err, status in $st.
run() { "$@" >"$T/.out" 2>"$T/.err"; st=$?; }

# ok NAME CMD...: CMD succeeds (exit 0).
ok() { _name=$1; shift; run "$@"; if [ $st -eq 0 ]; then _ok "$_name"; else _notok "$_name (exit $st)"; fi; }

# fails STATUS NAME CMD...: CMD exits with STATUS and says one line on stderr.
fails() {
	_want=$1 _name=$2; shift 2; run "$@"
	if [ $st -ne "$_want" ]; then _notok "$_name (exit $st, want $_want)"
	elif [ "$(wc -l < "$T/.err")" -ne 1 ] && [ "$_want" -ne 64 ] && [ "$_want" -ne 1 ]; then
		_notok "$_name (stderr is not one line)"
	else _ok "$_name"; fi
}

# is NAME EXPECTED ACTUAL: two strings are equal.
is() {
	if [ "$2" = "$3" ]; then _ok "$1"
	else _notok "$1"; printf '#   want: %s\n#   got:  %s\n' "$2" "$3"; fi
}

# out_is NAME EXPECTED: the last run's stdout equals EXPECTED.
out_is() { is "$1" "$2" "$(cat "$T/.out")"; }
# out_has / err_has NAME PATTERN: grep -E in the last stdout / stderr.
out_has() { if grep -qE -- "$2" "$T/.out"; then _ok "$1"; else _notok "$1 (no /$2/ in stdout)"; fi; }
err_has() { if grep -qE -- "$2" "$T/.err"; then _ok "$1"; else _notok "$1 (no /$2/ in stderr)"; fi; }
# quiet NAME: the last run printed nothing at all.
quiet() { if [ ! -s "$T/.out" ] && [ ! -s "$T/.err" ]; then _ok "$1"; else _notok "$1 (not quiet)"; fi; }

# same_file NAME A B: byte-identical files.
same_file() { if cmp -s "$2" "$3"; then _ok "$1"; else _notok "$1 ($2 and $3 differ)"; fi; }

done_testing() { printf '1..%d\n' "$_n"; }

# hold_lock DB SECONDS: another writer (the sqlite3 shell) holds DB's
# write lock for SECONDS, in the background ($locker); returns once the
# lock is held — not after a guessed sleep, which a loaded machine (the
# files run in parallel) outruns.
hold_lock() {
	{ echo "BEGIN IMMEDIATE; INSERT INTO meta VALUES ('lock', 'x');"; echo ".print held"; sleep "$2"; echo "COMMIT;"; } |
	    sqlite3 "$1" > "$T/.locked" 2>&1 &
	locker=$!
	_i=0
	while ! grep -q held "$T/.locked" 2>/dev/null && [ $_i -lt 200 ]; do sleep 0.05; _i=$((_i + 1)); done
}
