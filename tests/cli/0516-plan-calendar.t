#!/bin/sh
# pm-workorder plan calendar: every occurrence of a year per item and
# equipment, computed (made or not); --plan, --site; moved occurrences
# (shift next over a public holiday) keep their key; -o ics: all-day
# events for date rules, timed ones for "at", UIDs stable across runs,
# checked with shell tools and python3-vobject.
. "$PM_TESTS/lib.sh"
q() { "$@" >/dev/null 2>"$T/.err" || _notok "setup: $*"; }
q pm-admin init
q pm-org staff new admin --name 管理员
q pm-org staff new wang --name 王师傅 --roles maint --dept maint
q pm-unit site new sunny --name 阳光花园 --kind residential
q pm-unit site new moon --name 月亮湾 --kind residential
q pm-workorder equip new --site sunny --kind 电梯/客梯 ELV-1
q pm-workorder equip new --site sunny --kind 给排水/水箱 TANK-1
q pm-workorder equip new --site moon --kind 消防/火灾报警控制器 FA-9
export PM_USER=wang PM_NOW="2026-12-01 09:00"
cat > a.yaml <<'Y'
plan: a
site: sunny
items:
  - key: tank
    title: 水箱清洗消毒
    task: 清洗消毒
    equipment: [TANK-1]
    recurrence: half-yearly 04-01
    shift: next
    start: 2026-01-01
    dept: maint
  - key: lift
    title: 电梯季度保养
    task: 维保
    kind: 电梯
    recurrence: quarterly 02-15 at 14:00
    start: 2026-06-01
    dept: maint
Y
cat > b.yaml <<'Y'
plan: b
site: moon
items:
  - key: fire
    title: 消防年检
    task: 年检
    kind: 消防
    recurrence: yearly 10-01
    shift: next
    start: 2026-01-01
    dept: maint
Y
q pm-workorder plan load a.yaml
q pm-workorder plan load b.yaml

ok "calendar 2026" pm-workorder plan calendar --year 2026
cut -f 1,2,3,6,8,11 "$T/.out" > cal
is "items by plan and key, occurrences in order" "$(printf '%s\n' \
	"M2-E1-20260815	2026-08-15T14:00:00+08:00	2026-08-15	lift	ELV-1	2026-08-15" \
	"M2-E1-20261115	2026-11-15T14:00:00+08:00	2026-11-15	lift	ELV-1	2026-11-15" \
	"M1-E2-20260401		2026-04-01	tank	TANK-1	2026-04-01" \
	"M1-E2-20261001		2026-10-08	tank	TANK-1	2026-10-01" \
	"M3-E3-20261001		2026-10-08	fire	FA-9	2026-10-01")" "$(cat cal)"
ok "the default year is this year" pm-workorder plan calendar
cut -f 1,2,3,6,8,11 "$T/.out" | cmp -s - cal && _ok "the same" || _notok "the same"
ok "--plan" pm-workorder plan calendar --year 2026 --plan b -o id
out_is "b's" "M3-E3-20261001"
ok "--site" pm-workorder plan calendar --year 2026 --site sunny -o id
is "sunny's" 4 "$(wc -l < "$T/.out")"
ok "2027: the lift from February" pm-workorder plan calendar --year 2027 --plan a -o id
out_is "four quarters, two halves" "$(printf '%s\n' M2-E1-20270215 M2-E1-20270515 M2-E1-20270815 M2-E1-20271115 M1-E2-20270401 M1-E2-20271001)"
ok "a year past 2038" pm-workorder plan calendar --year 2040 --plan b -o id
out_is "one" "M3-E3-20401001"
ok "json" pm-workorder plan calendar --year 2026 --plan b -o json
is "keys" "uid,time,date,due,plan,item,site,equipment,kind,title,occurrence,job,status" "$(jq -r 'keys_unsorted | join(",")' "$T/.out")"
fails 64 "a bad year" pm-workorder plan calendar --year 27
fails 66 "unknown plan" pm-workorder plan calendar --plan nosuch
fails 66 "unknown site" pm-workorder plan calendar --site nosuch

CR=$(printf '\r')
ok "-o ics" pm-workorder plan calendar --year 2026 -o ics
cp "$T/.out" cal.ics
is "five events" 5 "$(grep -c '^BEGIN:VEVENT' cal.ics)"
is "every line ends in CRLF" 0 "$(grep -vc "${CR}\$" cal.ics)"
is "no line longer than 75 octets" 0 \
	"$(LC_ALL=C awk '{ sub(/\r$/, "") } length($0) > 75 { n++ } END { print n + 0 }' cal.ics)"
out_has "all-day on the day it moved to" "^DTSTART;VALUE=DATE:20261008${CR}\$"
out_has "timed" "^DTSTART:20260815T060000Z${CR}\$"
out_has "UID by the nominal date" "^UID:M1-E2-20261001@pm\\.invalid${CR}\$"
# a later refresh, after jobs were made: the same events
q env PM_NOW="2026-12-01 01:00" pm-workorder plan run
ok "later" env PM_NOW="2026-12-20 09:00" pm-workorder plan calendar --year 2026 -o ics
is "the same UIDs" "$(grep '^UID:' cal.ics)" "$(grep '^UID:' "$T/.out")"
is "a new stamp" 1 "$(grep -c '^DTSTAMP:20261220T010000Z' "$T/.out" | awk '{ print ($1 == 5) }')"

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
assert len(ev) == 5, sorted(ev)
d = ev['M1-E2-20261001@pm.invalid'].dtstart.value
assert type(d) is datetime.date and str(d) == '2026-10-08', repr(d)
t = ev['M2-E1-20260815@pm.invalid'].dtstart.value
assert str(t) == '2026-08-15 06:00:00+00:00', repr(t)
s = ev['M3-E3-20261001@pm.invalid']
assert s.summary.value == 'FA-9 消防年检', s.summary.value
assert s.location.value == 'moon FA-9', s.location.value
print(len(ev))
PY
ok "vobject reads it, strictly" "$py" check.py cal.ics
out_is "five" 5
done_testing
