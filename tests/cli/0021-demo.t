#!/bin/sh
# make demo (scripts/demo): every step is printed as a user would type it,
# and a line copied from its output runs and prints what the demo showed.
. "$PM_TESTS/lib.sh"
unset PM_DB PM_USER PM_NOW

ok "the demo runs" sh "$PM_TESTS/../../scripts/demo" "$PM_BIN" "$T/demo"
cp "$T/.out" transcript
is "no escape codes when not on a terminal" 0 "$(grep -c "$(printf '\033')" transcript)"

# steps/N.cmd (the line after "$ ") and steps/N.want (what followed it, up
# to the blank line before the next step, without the demo's own
# "(...)" remarks).
mkdir steps
awk -v dir=steps '
function flush(   i, m) {
	if (!n) return
	m = nl
	while (m > 0 && (out[m] == "" || out[m] ~ /^\(.*\)$/)) m--
	printf "" > (dir "/" n ".want")
	for (i = 1; i <= m; i++) print out[i] > (dir "/" n ".want")
	close(dir "/" n ".want")
}
/^\$ / { flush(); n++; nl = 0; print substr($0, 3) > (dir "/" n ".cmd"); close(dir "/" n ".cmd"); next }
n { out[++nl] = $0 }
END { flush(); print n + 0 > (dir "/n") }
' transcript
n=$(cat steps/n)
is "the demo shows its steps" yes "$([ "$n" -ge 30 ] && echo yes || echo no)"
is "no step hides behind sh -c or env" "" "$(grep -l -E '^(sh -c|env) ' steps/*.cmd)"
is "quotes are kept" yes "$(grep -q -F -x 'pm-unit -o csv occupant list --role owner --unmask --reason "停水通知" | head -n 3' steps/*.cmd && echo yes)"
is "the clock is shown as typed" yes "$(grep -q -F 'PM_NOW="2026-12-01 08:00" pm-complaint -o table stats' steps/*.cmd && echo yes)"

# Copy lines into a fresh shell, as a user would: the export and unset
# lines in order, and the steps that only read (their output cannot
# have changed since).  Each prints what the demo printed.
cd demo || exit 1
i=1
while [ "$i" -le "$n" ]; do
	c=$(cat "$T/steps/$i.cmd")
	case $c in
	export\ *|unset\ *) eval "$c" ;;
	*" show "*|*" stats "*|*whoami*|*" role list"*|*" staff list"*|*" building list"*|*"pm-backup.db check"*)
		sh -c "$c" >"$T/.out" 2>&1
		if cmp -s "$T/steps/$i.want" "$T/.out"; then _ok "copied: $c"
		else _notok "copied: $c"; diff "$T/steps/$i.want" "$T/.out" | sed 's/^/#   /' | head -n 10; fi
		;;
	esac
	i=$((i + 1))
done
cd "$T" || exit 1

done_testing
