# readme.sh — type a section of the README into a fresh clone (tests/cli
# 0020, 0980).  Every `    $ ` line of the section is a command (a line
# ending in \ continues it); the indented lines right below it, up to a
# blank line, are its output, stdout and stderr together.  The commands
# run in order in one shell, as a user would type them, from a directory
# that looks like a clone after make (build/ and scripts/), with no PM_DB
# or PM_USER of the test's own (the section sets them; PM_NOW is lib.sh's).
# Source lib.sh first.

# readme_section TITLE MIN: run the section "## TITLE", one test a
# command, after checking it has at least MIN commands.
readme_section() {
	_readme=$PM_TESTS/../../README.md
	mkdir clone tour
	ln -s "$PM_BIN" clone/build
	ln -s "$(cd "$PM_TESTS/../../scripts" && pwd)" clone/scripts
	unset PM_DB PM_USER
	# tour/cmd.N and tour/want.N for each command; tour/n their count.
	awk -v dir=tour -v title="## $1" '
	function flush() { if (n) close(dir "/want." n) }
	/^## / { insec = ($0 == title); next }
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
	' "$_readme"
	_rn=$(cat tour/n)
	is "the section has its commands" yes "$([ "$_rn" -ge "$2" ] && echo yes || echo no)"
	cd clone || exit 1
	_ri=1
	while [ "$_ri" -le "$_rn" ]; do
		_rc=$(head -n 1 "$T/tour/cmd.$_ri")
		. "$T/tour/cmd.$_ri" >"$T/tour/got.$_ri" 2>&1
		_rs=$?
		if [ $_rs -ne 0 ]; then
			_notok "$1 $_ri: $_rc (exit $_rs)"
			sed 's/^/#   /' "$T/tour/got.$_ri" | head -n 5
		elif ! cmp -s "$T/tour/want.$_ri" "$T/tour/got.$_ri"; then
			_notok "$1 $_ri: $_rc (output differs from the README)"
			diff "$T/tour/want.$_ri" "$T/tour/got.$_ri" | sed 's/^/#   /' | head -n 20
		else
			_ok "$1 $_ri: $_rc"
		fi
		_ri=$((_ri + 1))
	done
	cd "$T" || exit 1
}
