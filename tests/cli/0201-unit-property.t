#!/bin/sh
# pm-unit site, building, unit: new, list, show, set, and their failures.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1

ok "site new" pm-unit site new sunny --name 阳光花园 --kind residential --address "北京市朝阳区1号"
out_is "new prints the key" "sunny"
fails 65 "site new twice" pm-unit site new sunny --name x --kind office
err_has "says it exists" "already exists"
fails 64 "site new without a name" pm-unit site new moon --kind office
fails 65 "bad site kind" pm-unit site new moon --name 月亮 --kind castle
err_has "lists the kinds" "residential\|commercial\|office"
fails 65 "bad code" pm-unit site new "a b" --name x --kind office
ok "site list" pm-unit site list
out_is "tsv columns" "sunny	阳光花园	residential	北京市朝阳区1号	1"

ok "building new (only site is the default)" pm-unit building new 3 --name 3号楼 --floors 18
fails 65 "floors out of range" pm-unit building new 4 --floors 301
fails 66 "building in an unknown site" pm-unit building new 5 --site nowhere
err_has "names the site" "site nowhere: no such site"

ok "unit new" pm-unit unit new 3-2-1502 --building 3 --floor 15 --area 100.5 --handover 2020-06-30
ok "unit new, shop" pm-unit unit new S-01 --area 55 --kind shop --state occupied
fails 64 "unit new without area" pm-unit unit new 3-2-1503 --building 3
fails 65 "area 0" pm-unit unit new 3-2-1503 --area 0
fails 65 "area with 3 decimals" pm-unit unit new 3-2-1503 --area 10.123
fails 66 "unknown building" pm-unit unit new 3-2-1503 --area 80 --building 9
err_has "names the building" "building 9: no such building"
fails 65 "bad handover date" pm-unit unit new 3-2-1503 --area 80 --handover 2023-02-29
ok "unit list" pm-unit unit list
out_is "units in code order, area with 2 decimals" "sunny	3-2-1502	3	15	100.50	residence	vacant	2020-06-30
sunny	S-01			55.00	shop	occupied	"
ok "unit list --kind shop" pm-unit unit list --kind shop
is "one shop" 1 "$(wc -l < "$T/.out")"
ok "unit list --building 3 --state vacant" pm-unit unit list --building 3 --state vacant
is "one vacant flat in 3" "3-2-1502" "$(cut -f2 "$T/.out")"
ok "json" pm-unit -o json unit show 3-2-1502
is "area is a number in json" "100.5" "$(jq .area "$T/.out")"
ok "unit set" pm-unit unit set 3-2-1502 --state occupied
is "state changed" occupied "$(pm-unit unit show 3-2-1502 | cut -f7)"
ok "unit set with nothing new" pm-unit unit set 3-2-1502 --state occupied
is "audited once per change" 1 "$(pm-admin audit --entity unit --action set | wc -l)"
fails 66 "set an unknown unit" pm-unit unit set 9-9-9 --state vacant
fails 66 "show an unknown unit" pm-unit unit show 9-9-9
ok "unit set clears an optional field" pm-unit unit set S-01 --floor ""
ok "table output" pm-unit -o table site list
out_has "table header" "^code +name +kind"

pm-unit site new moon --name 月亮湾 --kind commercial >/dev/null
fails 64 "two sites: --site is needed" pm-unit unit new X-1 --area 20
err_has "asks which site" "which site"
ok "with --site" pm-unit unit new X-1 --area 20 --site moon
ok "same unit code in another site" pm-unit unit new 3-2-1502 --area 90 --site moon
is "two sites, three units in sunny+moon" 4 "$(pm-unit unit list | wc -l)"
ok "--site filter" pm-unit unit list --site moon
is "two in moon" 2 "$(wc -l < "$T/.out")"

ok "a site with quotes and SQL in its name" pm-unit site new q1 --name "x'; DROP TABLE unit; --" --kind office
is "stored verbatim" "x'; DROP TABLE unit; --" "$(pm-unit site show q1 | cut -f2)"
ok "escape sequences are stored" pm-unit site new q2 --name "$(printf 'bad\033[2Jname')" --kind office
ok "and shown harmlessly in a table" pm-unit -o table site show q2
is "no raw ESC in table output" no "$(grep -q "$(printf '\033')" "$T/.out" && echo yes || echo no)"
fails 65 "invalid UTF-8 refused" pm-unit site new q3 --name "$(printf 'bad\377')" --kind office
ok "the database is sound" pm-admin check

done_testing
