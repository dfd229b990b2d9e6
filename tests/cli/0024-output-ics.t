#!/bin/sh
# -o ics (pm(7) "Output formats"): an RFC 5545 calendar of the rows that
# are events, first of `pm-complaint list` (the due times).  Checked
# here with shell tools (CRLF line ends, no line over 75 octets, stable
# UIDs, the clock as DTSTAMP) and with a strict parser, python3-vobject
# (scripts/install-deps installs it; without it those checks skip).
. "$PM_TESTS/lib.sh"
q() { "$@" >/dev/null 2>"$T/.err" || { _notok "setup: $*"; }; }
q pm-admin init
q pm-org staff new admin --name 管理员
q pm-unit site new sunny --name 阳光花园 --kind residential
q pm-unit unit new 1-1-101 --area 90
# Monday 2026-11-30 09:00 in Shanghai
printf '%s\n%s' '窗户坏了，玻璃裂开; 请尽快处理。楼上邻居也说有漏水,卫生间天花板一直在滴水，已经好几天了 \ 谢谢' \
	'第二行：业主电话请查看记录' > "$T/text1"
q pm-complaint new --kind repair --category 维修/门窗 --unit 1-1-101 --text - < "$T/text1"
q pm-complaint new --category 安全/消防 --text 烟雾报警 --place 地库
q pm-complaint new --kind suggestion --text 建议增加绿化
CR=$(printf '\r')

ok "list -o ics" pm-complaint list -o ics
cp "$T/.out" "$T/all.ics"
out_has "a calendar" "^BEGIN:VCALENDAR${CR}\$"
out_has "version 2.0" "^VERSION:2.0${CR}\$"
out_has "a product id" "^PRODID:"
out_has "Gregorian" "^CALSCALE:GREGORIAN${CR}\$"
out_has "ends" "^END:VCALENDAR${CR}\$"
is "one event a contact" 3 "$(grep -c '^BEGIN:VEVENT' "$T/.out")"
is "every line ends in CRLF" 0 "$(grep -vc "${CR}\$" "$T/.out")"
is "no line longer than 75 octets" 0 \
	"$(LC_ALL=C awk '{ sub(/\r$/, "") } length($0) > 75 { n++ } END { print n + 0 }' "$T/.out")"
out_has "long text is folded" "^ "
out_has "UID: the key and a fixed domain" "^UID:C1@pm\\.invalid${CR}\$"
out_has "DTSTAMP is the command's clock (PM_NOW), in UTC" "^DTSTAMP:20261130T010000Z${CR}\$"
out_has "the urgent contact is due at 09:30, in UTC" "^DTSTART:20261130T013000Z${CR}\$"
out_has "summary: ID, category, the start of the text" "^SUMMARY:C2 安全/消防 烟雾报警${CR}\$"
out_has "location: site and place" "^LOCATION:sunny 地库${CR}\$"
out_has "location: site and unit" "^LOCATION:sunny 1-1-101${CR}\$"
out_has "text escaped" '^DESCRIPTION:窗户坏了，玻璃裂开\\; 请尽快处理。'
out_has "the other columns as label: value" 'kind: repair'

ok "due within 2h" pm-complaint list --due-within 2h -o ics
is "only the urgent one" "UID:C2@pm.invalid" "$(grep '^UID:' "$T/.out" | tr -d "$CR")"
ok "no closed contacts" pm-complaint list --status closed -o ics
cp "$T/.out" "$T/empty.ics"
out_is "an empty calendar is still a calendar" "$(printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pm//pm//EN\r\nCALSCALE:GREGORIAN\r\nEND:VCALENDAR\r')"

# a feed refreshed later: the same events (UIDs), a new stamp
ok "refreshed an hour later" env PM_NOW="2026-11-30 10:00" pm-complaint list -o ics
cp "$T/.out" "$T/later.ics"
is "the same UIDs" "$(grep '^UID:' "$T/all.ics")" "$(grep '^UID:' "$T/later.ics")"
out_has "a new DTSTAMP" "^DTSTAMP:20261130T020000Z${CR}\$"

# refused where the rows are no events: usage, before the database
fails 64 "show -o ics" pm-complaint show C1 -o ics
err_has "says why" "-o ics: show lists no events"
fails 64 "refused before the database is opened" env PM_DB="$T/none.db" pm-complaint show C1 -o ics
fails 64 "a list of no events" env PM_DB="$T/none.db" pm-org staff list -o ics
is "and no database was made" no "$([ -e "$T/none.db" ] && echo yes || echo no)"
fails 64 "unknown format names ics among the formats" pm-complaint list -o ical
err_has "the list" "table, tsv, csv, json, id, ics"
ok "--help lists ics" pm-complaint --help
out_has "in the global options" "-o, --format FMT +table, tsv, csv, json, id, or ics"

# a strict parser: python3-vobject, wherever Debian's python3 has it
py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import vobject' 2>/dev/null; then py=$p; break; fi
done
if [ -z "$py" ]; then
	_ok "# skip python3-vobject is not installed"
	_ok "# skip"
	_ok "# skip"
	done_testing
	exit 0
fi
cat > "$T/check.py" <<'EOF'
import sys, vobject
data = open(sys.argv[1], 'rb').read().decode('utf-8')
text1 = open(sys.argv[2], 'rb').read().decode('utf-8')
cal = vobject.readOne(data, validate=True)
ev = {e.uid.value: e for e in cal.vevent_list}
assert sorted(ev) == ['C1@pm.invalid', 'C2@pm.invalid', 'C3@pm.invalid'], sorted(ev)
c1 = ev['C1@pm.invalid']
# the owner's text, Chinese, ; , \ and a line break, back whole
assert c1.description.value.split('\n\n')[0] == text1, repr(c1.description.value)
assert c1.summary.value.startswith('C1 维修/门窗 窗户坏了'), c1.summary.value
assert c1.location.value == 'sunny 1-1-101', c1.location.value
assert str(c1.dtstart.value) == '2026-11-30 05:00:00+00:00', c1.dtstart.value
assert str(c1.dtstamp.value) == '2026-11-30 01:00:00+00:00', c1.dtstamp.value
# and again through vobject's own writer: the same text comes back
again = vobject.readOne(cal.serialize(), validate=True)
for e in again.vevent_list:
    o = ev[e.uid.value]
    for p in ('summary', 'location', 'description'):
        if hasattr(o, p):
            assert getattr(e, p).value == getattr(o, p).value, (p, getattr(e, p).value)
print(len(ev))
EOF
ok "vobject reads it, strictly" "$py" "$T/check.py" "$T/all.ics" "$T/text1"
out_is "three events, the text round-trips" 3
ok "and the empty calendar" "$py" -c 'import sys, vobject
vobject.readOne(open(sys.argv[1]).read(), validate=True)' "$T/empty.ics"
done_testing
