#!/bin/sh
# man/pm-report.1 FIGURES names every figure and table key that
# `pm-report monthly -o json` emits on a seeded database, and names no
# key the report does not emit (each entry is `.It Li KEY` and its
# meaning, a table's its column keys).
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/report-seed.sh"
man="$PM_TESTS/../../man/pm-report.1"
report_db "$PM_DB" S1 || { echo "not ok 1 - seed"; done_testing; exit 1; }
export PM_NOW="$REPORT_NOW"

ok "json" pm-report monthly --month $REPORT_MONTH -o json
jq -r '(.figures | keys[]), (.tables | keys[])' "$T/.out" | sort >emitted
is "every section's keys emitted" "actions complaints fees maintenance patrols" \
	"$(cut -d. -f1 emitted | sort -u | tr '\n' ' ' | sed 's/ $//')"
awk '/^\.Sh FIGURES/ { on = 1; next } /^\.Sh / { on = 0 } on && /^\.It Li / { print $3 }' \
	"$man" | sort >documented
is "every emitted key documented, none more" "" "$(comm -3 emitted documented)"
# each entry says what it is: a line of text follows its .It
is "no entry without its meaning" "" "$(awk '/^\.Sh FIGURES/ { on = 1; next } /^\.Sh / { on = 0 }
	on && last ~ /^\.It Li / && /^\./ { print last } { last = $0 }' "$man")"
# a table's entry names its column keys
jq -r '.tables | to_entries[] | "\(.key) \(.value.cols | join(" "))"' "$T/.out" >cols
missing=$(while read -r key cs; do
	awk -v k="$key" '/^\.It Li / { on = ($3 == k); next } /^\.(Sh|El)/ { on = 0 } on' "$man" >entry
	for c in $cs; do grep -qw -- "$c" entry || printf '%s:%s ' "$key" "$c"; done
done <cols)
is "every table column named in its entry" "" "$missing"
done_testing
