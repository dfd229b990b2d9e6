#!/bin/sh
# The README's tour, typed into a fresh clone: documentation that cannot
# drift.  Every `    $ ` line of the section "A short tour" is a command
# (a line ending in \ continues it); the indented lines right below it,
# up to a blank line, are its output, stdout and stderr together.  The
# commands run in order in one shell, as a user would type them, from a
# directory that looks like a clone after make (build/ and scripts/),
# with no PM_DB or PM_USER of the test's own: the tour sets them.
. "$PM_TESTS/lib.sh"
readme=$PM_TESTS/../../README.md

mkdir clone tour
ln -s "$PM_BIN" clone/build
ln -s "$(cd "$PM_TESTS/../../scripts" && pwd)" clone/scripts
unset PM_DB PM_USER

# tour/cmd.N and tour/want.N for each command; tour/n their count.
awk -v dir=tour '
function flush() { if (n) close(dir "/want." n) }
/^## / { intour = ($0 == "## A short tour"); next }
!intour { next }
cont { print substr($0, 5) >> (dir "/cmd." n); cont = /\\$/; next }
/^    \$ / {
	flush(); n++; state = 1
	print substr($0, 7) > (dir "/cmd." n); close(dir "/cmd." n)
	printf "" > (dir "/want." n)
	cont = /\\$/
	next
}
state && /^    / { print substr($0, 5) > (dir "/want." n); next }
{ state = 0 }
END { flush(); print n + 0 > (dir "/n") }
' "$readme"
n=$(cat tour/n)
is "the tour has its commands" yes "$([ "$n" -ge 20 ] && echo yes || echo no)"

cd clone || exit 1
i=1
while [ "$i" -le "$n" ]; do
	c=$(head -n 1 "$T/tour/cmd.$i")
	. "$T/tour/cmd.$i" >"$T/tour/got.$i" 2>&1
	s=$?
	if [ $s -ne 0 ]; then
		_notok "tour $i: $c (exit $s)"
		sed 's/^/#   /' "$T/tour/got.$i" | head -n 5
	elif ! cmp -s "$T/tour/want.$i" "$T/tour/got.$i"; then
		_notok "tour $i: $c (output differs from the README)"
		diff "$T/tour/want.$i" "$T/tour/got.$i" | sed 's/^/#   /' | head -n 20
	else
		_ok "tour $i: $c"
	fi
	i=$((i + 1))
done
cd "$T" || exit 1

done_testing
