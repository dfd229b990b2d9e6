#!/bin/sh
# pm-admin calendar: the official holidays built in, import of a year,
# show, check; due times across 国庆 and 春节; config over the table; a
# year no notice covers warns once per command.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new li --name 李客服 --roles service --dept service >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
due() { pm-complaint -o json show "$1" | jq -r ".$2"; }

# ---- check and show ---------------------------------------------------
ok "check" pm-admin calendar check 2025-10-01 2026-02-14 2026-02-13 2026-11-28
out_is "off, worked, weekday, weekend, and why" "2025-10-01	wed	off	holiday	国庆节、中秋节	builtin
2026-02-14	sat	working	workday	春节	builtin
2026-02-13	fri	working	weekday		week
2026-11-28	sat	off	weekend		week"
ok "check today (PM_NOW)" pm-admin calendar check today
out_is "Monday 2026-11-30" "2026-11-30	mon	working	weekday		week"
quiet_err() { if [ ! -s "$T/.err" ]; then _ok "$1"; else _notok "$1 (stderr not empty)"; fi; }
quiet_err "a covered year warns nothing"
fails 64 "not a date" pm-admin calendar check 2026-02-30
fails 64 "check needs a date" pm-admin calendar check
ok "show 2026" pm-admin calendar show --year 2026
is "39 official days in 2026" 39 "$(wc -l < "$T/.out")"
out_has "Saturday 2-28 is worked for 春节" "^2026-02-28	sat	working	workday	春节	builtin$"
ok "show the 2019 notice's December in 2018" pm-admin calendar show --year 2018
out_has "2018-12-29 worked" "^2018-12-29	sat	working	workday	元旦	builtin$"
ok "show as json" pm-admin -o json calendar show --year 2025
is "json keys" "2025-10-08 off holiday 国庆节、中秋节 builtin" \
    "$(jq -r 'select(.date == "2025-10-08") | "\(.date) \(.status) \(.why) \(.name) \(.source)"' "$T/.out")"
ok "show as a table" pm-admin -o table calendar show --year 2025
out_has "a header" "^date +weekday +status +why +name +source"
fails 64 "show needs --year" pm-admin calendar show
fails 64 "--year is a year" pm-admin calendar show --year 20x6

# ---- due times across the holidays -------------------------------------
export PM_USER=li
PM_NOW="2025-09-30 10:00" pm-complaint new --text 国庆前投诉 >/dev/null
is "1 working day from 2025-09-30 is 10-09 (国庆)" "2025-10-09T10:00:00+08:00" "$(due C1 response_due)"
is "5 working days count Saturday 10-11" "2025-10-14T10:00:00+08:00" "$(due C1 resolve_due)"
PM_NOW="2026-02-13 17:00" pm-complaint new --kind repair --text 春节前报修 >/dev/null
is "4 working hours before 春节: the swapped Saturday" "2026-02-14T12:00:00+08:00" "$(due C2 response_due)"
is "1 working day later: the swapped Saturday again" "2026-02-14T17:00:00+08:00" "$(due C2 resolve_due)"

# ---- a year no notice covers --------------------------------------------
PM_NOW="2026-12-30 10:00" run pm-complaint new --text 年末投诉
is "stored all the same" 0 "$st"
is "one warning for the command" 1 "$(grep -c 'warning' "$T/.err")"
err_has "naming the year and how to add it" "^pm-complaint: warning: calendar: 2027 is not covered .*pm-admin calendar import FILE$"
is "counted by weekday rules" "2027-01-06T10:00:00+08:00" "$(due C3 resolve_due)"
export PM_USER=admin
run pm-admin calendar show --year 2027
is "show of an uncovered year: nothing" "" "$(cat "$T/.out")"
err_has "and the warning" "2027 is not covered"

# ---- import --------------------------------------------------------------
# test data in the holiday-cn format (not the real 2027 notice)
cat > 2027.json <<'J'
{
    "$schema": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json",
    "year": 2027,
    "papers": ["https://www.gov.cn/test/2027"],
    "days": [
        { "name": "元旦", "date": "2027-01-01", "isOffDay": true },
        { "name": "春节", "date": "2027-02-06", "isOffDay": false },
        { "name": "春节", "date": "2027-02-08", "isOffDay": true },
        { "name": "春节", "date": "2027-02-09", "isOffDay": true }
    ]
}
J
ok "-n import" pm-admin -n calendar import 2027.json
out_is "says what it would do" "2027	new	3	1"
run pm-admin calendar check 2027-01-01
out_is "and does nothing" "2027-01-01	fri	working	weekday		week"
PM_USER=li run pm-admin calendar import 2027.json
is "import needs admin" 77 "$st"
ok "import" pm-admin calendar import 2027.json
out_is "new year" "2027	new	3	1"
ok "check after import" pm-admin calendar check 2027-01-01 2027-02-06
out_is "imported days" "2027-01-01	fri	off	holiday	元旦	imported
2027-02-06	sat	working	workday	春节	imported"
quiet_err "no warning any more"
ok "import again" pm-admin calendar import 2027.json
out_is "unchanged" "2027	unchanged	3	1"
is "one audit row" "calendar 2027 import 3 1" \
    "$(pm-admin -o json audit --entity calendar | jq -r '"\(.entity) \(.entity_id) \(.action) \(.after.off) \(.after.work)"')"
PM_USER=li PM_NOW="2026-12-30 10:00" run pm-complaint new --text 导入后投诉
quiet_err "after the import, no warning"
is "2027-01-01 skipped" "2027-01-07T10:00:00+08:00" "$(due C4 resolve_due)"
sed 's/"2027-02-09", "isOffDay": true/"2027-02-10", "isOffDay": true/' 2027.json > 2027b.json
ok "import a corrected notice from stdin" sh -c 'pm-admin calendar import - < 2027b.json'
out_is "replaced" "2027	replaced	3	1"
src="$PM_TESTS/../../../shared/external/holiday-cn"
if [ -f "$src/2026.json" ]; then
	ok "the data set's 2026" pm-admin calendar import "$src/2026.json"
	out_is "is the built-in 2026: unchanged" "2026	unchanged	33	6"
else
	_ok "# skip the data set's 2026: $src is absent"
	_ok "# skip"
fi
printf '{"year": 2028, "papers": [], "days": []}\n' > 2028.json
fails 65 "a placeholder with no days" pm-admin calendar import 2028.json
err_has "says why" "2028.json:[0-9]+: no days"
printf '{"year": 2028, "days": [\n{"name": "x", "date": "2027-06-01", "isOffDay": true}]}\n' > bad.json
fails 65 "a day outside the year" pm-admin calendar import bad.json
err_has "file:line" "bad.json:2: 2027-06-01 is not in 2028"
fails 66 "no such file" pm-admin calendar import nothere.json
fails 64 "import needs FILE" pm-admin calendar import

# ---- config over the table -----------------------------------------------
mkdir -p config/pm
cat > config/pm/config.yaml <<'Y'
calendar:
  holidays: [2026-02-14]   # closed for a typhoon
  workdays: [2025-10-08]
Y
ok "check with local days" pm-admin calendar check 2026-02-14 2025-10-08
out_is "config wins" "2026-02-14	sat	off	local holiday	春节	config
2025-10-08	wed	working	local workday	国庆节、中秋节	config"
PM_USER=li PM_NOW="2026-02-13 17:00" pm-complaint new --kind repair --text 台风 >/dev/null
is "the typhoon day is skipped too" "2026-02-24T12:00:00+08:00" "$(due C5 response_due)"
ok "config check" pm-admin config
cat > config/pm/config.yaml <<'Y'
calendar:
  official: false
Y
ok "official: false" pm-admin calendar check 2025-10-01 2030-01-01
out_is "weekday rules" "2025-10-01	wed	working	weekday		week
2030-01-01	tue	working	weekday		week"
quiet_err "and no warning"
done_testing
