#!/bin/sh
# pm-workorder plan due: the planned jobs due within a span from now,
# made (their W id and status) or not yet, by due time; -o ics checked
# with shell tools and python3-vobject (all-day events for date rules,
# timed ones for rules with a time of day).
. "$PM_TESTS/lib.sh"
q() { "$@" >/dev/null 2>"$T/.err" || _notok "setup: $*"; }
q pm-admin init
q pm-org staff new admin --name 管理员
q pm-org staff new wang --name 王师傅 --roles maint --dept maint
q pm-unit site new sunny --name 阳光花园 --kind residential
q pm-unit site new moon --name 月亮湾 --kind residential
q pm-workorder equip new --site sunny --kind 电梯/客梯 ELV-1
q pm-workorder equip new --site sunny --kind 电梯/客梯 ELV-2
q pm-workorder equip new --site sunny --kind 给排水/水箱 TANK-1
q pm-workorder equip new --site moon --kind 给排水/水箱 TANK-9
export PM_USER=wang PM_NOW="2027-01-14 09:00"
cat > plan.yaml <<'Y'
plan: p
items:
  - key: lift
    site: sunny
    title: 电梯半月保养
    task: 维保
    kind: 电梯
    recurrence: every 15 days
    start: 2027-01-01
    lead: 3d
    dept: maint
  - key: water
    site: sunny
    title: 水质检测
    task: 水质检测
    kind: 给排水/水箱
    recurrence: monthly 20 at 09:30
    start: 2027-01-01
    dept: maint
  - key: moon-water
    site: moon
    title: 月亮湾水质检测
    task: 水质检测
    kind: 给排水/水箱
    recurrence: monthly 18
    start: 2027-01-01
    dept: maint
Y
q pm-workorder plan load plan.yaml
q env PM_NOW="2027-01-14 01:00" pm-workorder plan run

ok "due within 7d" pm-workorder plan due --within 7d
cut -f 1,3,4,6,8,11,12,13 "$T/.out" > due
is "made and not made, by due time" "$(printf '%s\n' \
	"M1-E1-20270116	2027-01-16	2027-01-17T00:00:00+08:00	lift	ELV-1	2027-01-16	W2	new" \
	"M1-E2-20270116	2027-01-16	2027-01-17T00:00:00+08:00	lift	ELV-2	2027-01-16	W4	new" \
	"M3-E4-20270118	2027-01-18	2027-01-19T00:00:00+08:00	moon-water	TANK-9	2027-01-18		" \
	"M2-E3-20270120	2027-01-20	2027-01-20T09:30:00+08:00	water	TANK-1	2027-01-20		")" "$(cat due)"
ok "the default is 7 days" pm-workorder plan due
cut -f 1,3,4,6,8,11,12,13 "$T/.out" > due7
same_file "the same" due due7
ok "a timed occurrence has its time" pm-workorder plan due -o json
is "time and date" "2027-01-20T09:30:00+08:00 2027-01-20" "$(jq -r 'select(.item == "water") | "\(.time) \(.date)"' "$T/.out")"
is "an all-day one: no time" "null" "$(jq -r 'select(.item == "lift") | .time' "$T/.out" | sort -u)"
ok "--site" pm-workorder plan due --site moon -o id
out_is "one" "M3-E4-20270118"
ok "--plan" pm-workorder plan due --plan p -o id
is "four" 4 "$(wc -l < "$T/.out")"
ok "within 3d" pm-workorder plan due --within 3d -o id
out_is "the lifts" "$(printf 'M1-E1-20270116\nM1-E2-20270116')"
# a job done is no longer due; the overdue first ones are not "due within"
q pm-workorder assign --to wang W2
q pm-workorder start W2
q pm-workorder done --work 完成 W2
ok "after one is done" pm-workorder plan due --within 3d -o id
out_is "the other" "M1-E2-20270116"
fails 64 "a bad span" pm-workorder plan due --within soon
fails 66 "unknown plan" pm-workorder plan due --plan nosuch
fails 66 "unknown site" pm-workorder plan due --site nosuch

CR=$(printf '\r')
ok "-o ics" pm-workorder plan due -o ics
cp "$T/.out" due.ics
is "three events" 3 "$(grep -c '^BEGIN:VEVENT' due.ics)"
is "every line ends in CRLF" 0 "$(grep -vc "${CR}\$" due.ics)"
is "no line longer than 75 octets" 0 \
	"$(LC_ALL=C awk '{ sub(/\r$/, "") } length($0) > 75 { n++ } END { print n + 0 }' due.ics)"
out_has "the UID: item, equipment, occurrence" "^UID:M1-E2-20270116@pm\\.invalid${CR}\$"
out_has "an all-day event" "^DTSTART;VALUE=DATE:20270116${CR}\$"
out_has "a timed one, in UTC" "^DTSTART:20270120T013000Z${CR}\$"
out_has "summary: equipment and title" "^SUMMARY:ELV-2 电梯半月保养${CR}\$"
out_has "location: site and equipment" "^LOCATION:sunny ELV-2${CR}\$"

py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import vobject' 2>/dev/null; then py=$p; break; fi
done
if [ -z "$py" ]; then
	_ok "# skip python3-vobject is not installed"
	done_testing
	exit 0
fi
cat > check.py <<'PY'
import sys, vobject, datetime
cal = vobject.readOne(open(sys.argv[1], 'rb').read().decode('utf-8'), validate=True)
ev = {e.uid.value: e for e in cal.vevent_list}
assert sorted(ev) == ['M1-E2-20270116@pm.invalid', 'M2-E3-20270120@pm.invalid',
    'M3-E4-20270118@pm.invalid'], sorted(ev)
d = ev['M1-E2-20270116@pm.invalid'].dtstart.value
assert type(d) is datetime.date and str(d) == '2027-01-16', repr(d)
t = ev['M2-E3-20270120@pm.invalid'].dtstart.value
assert str(t) == '2027-01-20 01:30:00+00:00', repr(t)
print(len(ev))
PY
ok "vobject reads it, strictly" "$py" check.py due.ics
out_is "three" 3
done_testing
