#!/bin/sh
# pm-report: kpi -o json has the types of monthly -o json's kpi entries
# (numbers in the figure's stored unit, null for no figure, met a
# boolean); a month that has not begun is refused (65, one line), the
# month under way is not; merge refuses a site present in two inputs
# (65, naming the site and both files) instead of counting it twice.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new s001 --name 阳光花园 --kind residential >/dev/null
pm-action new --text 回访话术 --owner admin --source report:2026-11 --due 2026-12-10 >/dev/null
export PM_NOW="2026-12-01 10:00"

# kpi -o json: the types of monthly's kpi entries
ok "monthly -o json" pm-report monthly --month 2026-11 -o json
jq -c '.kpi[]' "$T/.out" > monthly.kpi
run pm-report kpi --month 2026-11 -o json
is "kpi -o json: exit 0 or 1 (a target missed)" yes "$([ $st -le 1 ] && echo yes || echo no)"
cp "$T/.out" kpi.json
is "one object per target" "$(wc -l < monthly.kpi)" "$(wc -l < kpi.json)"
is "met is a boolean" boolean "$(jq -r '.met | type' kpi.json | sort -u)"
is "target is a number" number "$(jq -r '.target | type' kpi.json | sort -u)"
is "value a number or null" "null number" "$(jq -r '.value | type' kpi.json | sort -u | tr '\n' ' ' | sed 's/ $//')"
is "the same entries as monthly's, key for key" "$(cat monthly.kpi)" \
    "$(jq -c '{key: .kpi, op, target, value, met}' kpi.json)"
is "keys in order" "kpi op target value met" "$(head -n 1 kpi.json | jq -r 'keys_unsorted | join(" ")')"
run pm-report kpi --month 2026-11 -o tsv
is "tsv as before: value and target as shown, met 1/0" "actions.overdue	0	<= 0	1" \
    "$(grep '^actions.overdue' "$T/.out")"
is "a figure with none: -" "-" "$(grep '^complaints.in_time' "$T/.out" | cut -f2)"

# a month that has not begun
fails 65 "monthly of a month to come" pm-report monthly --month 2027-01
err_has "says so" "^pm-report: --month: 2027-01 has not begun \(this month is 2026-12\)$"
is "and prints no report" "" "$(cat "$T/.out")"
fails 65 "kpi too" pm-report kpi --month 2027-01
err_has "the same line" "2027-01 has not begun"
is "no lines" "" "$(cat "$T/.out")"
fails 65 "--month next" pm-report monthly --month next -o json
fails 65 "a later year" pm-report kpi --month 2030-01 -o json
ok "the month under way is allowed" pm-report monthly --month 2026-12 -o json
is "and is that month" 2026-12 "$(jq -r .month "$T/.out")"
ok "this" pm-report monthly --month this -o text
ok "the default, last month" pm-report monthly -o json
is "2026-11" 2026-11 "$(jq -r .month "$T/.out")"

# merge: one report per site
pm-report monthly --month 2026-11 -o json > a.json
PM_DB=$T/b.db pm-admin init >/dev/null 2>&1
PM_DB=$T/b.db pm-org staff new admin --name 管理员 >/dev/null 2>&1
PM_DB=$T/b.db pm-unit site new s002 --name 明月小区 --kind residential >/dev/null
PM_DB=$T/b.db pm-report monthly --month 2026-11 -o json > b.json
is "the two reports" "s001 s002" "$(jq -r '.sites[]' a.json b.json | tr '\n' ' ' | sed 's/ $//')"
ok "two sites merge" pm-report merge a.json b.json -o json
is "both sites" '["s001","s002"]' "$(jq -c .sites "$T/.out")"
fails 65 "the same report twice" pm-report merge a.json a.json -o json
err_has "names the site and both files" "^pm-report: a\.json:[0-9]+:[0-9]+: site s001 is in a\.json too"
is "and writes nothing" "" "$(cat "$T/.out")"
cp a.json again.json
fails 65 "a site in two files" pm-report merge a.json b.json again.json
err_has "names the site and both files" "again\.json:[0-9]+:[0-9]+: site s001 is in a\.json too"
is "nothing written" "" "$(cat "$T/.out")"
fails 65 "standard input too" sh -c 'pm-report merge b.json - < b.json'
err_has "named as standard input" "\(standard input\):[0-9]+:[0-9]+: site s002 is in b\.json too"
jq -c '.sites = ["s001", "s001"]' a.json > twice.json
fails 65 "a report listing a site twice" pm-report merge twice.json
err_has "names it" "twice\.json:[0-9]+:[0-9]+: s001: a site listed twice"
done_testing
