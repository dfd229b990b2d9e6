#!/bin/sh
# The README's "The month's pipeline", typed into a fresh clone as
# tests/cli/0020 types the tour: every `    $ ` line of the section is a
# command (a line ending in \ continues it), the indented lines below it,
# up to a blank line, its output, stdout and stderr together.  The
# commands run in order in one shell from a directory that looks like a
# clone after make (build/ and scripts/); they need pm-report.
. "$PM_TESTS/lib.sh"
readme=$PM_TESTS/../../README.md
if [ ! -x "$PM_BIN/pm-report" ]; then
	printf 'ok 1 # SKIP pm-report is not built\n1..1\n'
	exit 0
fi

mkdir clone tour
ln -s "$PM_BIN" clone/build
ln -s "$(cd "$PM_TESTS/../../scripts" && pwd)" clone/scripts
unset PM_DB PM_USER PM_NOW

awk -v dir=tour '
function flush() { if (n) close(dir "/want." n) }
/^## / { insec = ($0 == "## The month'"'"'s pipeline"); next }
!insec { next }
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
is "the section has its commands" yes "$([ "$n" -ge 6 ] && echo yes || echo no)"

cd clone || exit 1
i=1
while [ "$i" -le "$n" ]; do
	c=$(head -n 1 "$T/tour/cmd.$i")
	. "$T/tour/cmd.$i" >"$T/tour/got.$i" 2>&1
	s=$?
	if [ $s -ne 0 ]; then
		_notok "month $i: $c (exit $s)"
		sed 's/^/#   /' "$T/tour/got.$i" | head -n 5
	elif ! cmp -s "$T/tour/want.$i" "$T/tour/got.$i"; then
		_notok "month $i: $c (output differs from the README)"
		diff "$T/tour/want.$i" "$T/tour/got.$i" | sed 's/^/#   /' | head -n 20
	else
		_ok "month $i: $c"
	fi
	i=$((i + 1))
done
cd "$T" || exit 1
done_testing
