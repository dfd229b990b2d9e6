#!/bin/sh
# Keys in imports and messages (issue 8 item 14): a file that names a
# record twice is refused, not counted as two updates; "already exists"
# names the record's key (personal data masked); -n import on a
# read-only file is in 0015.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new s1 --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 1-101 --area 90 >/dev/null
dump() { sqlite3 -readonly "$PM_DB" .dump; }

printf 'site,code,area\ns1,1-201,80\ns1,1-202,80\ns1,1-201,81\n' > dup.csv
before=$(dump)
fails 65 "a unit twice in one file" pm-unit unit import dup.csv
err_has "names both lines and the key" "^pm-unit: dup.csv:4: unit 1-201: already on line 2 \(a file names each record once\)$"
is "nothing written" "$before" "$(dump)"
printf 'site,code,area\ns1,1-101,90\ns1,1-101,90\n' > same.csv
fails 65 "the same row twice (an existing unit)" pm-unit unit import same.csv
err_has "is refused too" "same.csv:3: unit 1-101: already on line 2"
fails 65 "-n says so as well" pm-unit -n unit import dup.csv
printf '{"site":"s1","code":"1-301","area":"50"}\n{"site":"s1","code":"1-301","area":"51"}\n' > dup.jsonl
fails 65 "JSON Lines alike" pm-unit unit import dup.jsonl
err_has "names the line" "dup.jsonl:2: unit 1-301: already on line 1"
printf 'site,code,area\ns1,1-201,80\ns1,1-202,80\n' > ok.csv
ok "distinct keys" pm-unit unit import ok.csv
out_is "counted once each" "2	0	0"
ok "the same file again" pm-unit unit import ok.csv
out_is "changes nothing" "0	0	2"
printf 'site,unit,name,role,move_in\ns1,1-101,张三,owner,2020-01-01\ns1,1-101,李四,owner,2020-01-01\ns1,1-101,张三,owner,2020-01-01\n' > occ.csv
fails 65 "an occupant twice" pm-unit occupant import occ.csv
err_has "names the line it was first on" "occ.csv:4: occupant [0-9]+: already on line 2"
is "nothing written" 0 "$(pm-unit occupant list | wc -l)"
printf 'site,plate,unit\ns1,京A12345,1-101\ns1,京A12345,1-101\n' > car.csv
fails 65 "a vehicle twice" pm-unit vehicle import car.csv
err_has "its plate masked" "car.csv:3: vehicle 京A\*\*\*45: already on line 2"

# already exists: the key, as people type it, personal data masked
ok "an occupant" pm-unit occupant new --unit 1-101 --name 张三 --role owner --move-in 2020-01-01
fails 65 "the same occupant again" pm-unit occupant new --unit 1-101 --name 张三 --role owner --move-in 2020-01-01
err_has "names its key, the name masked" "^pm-unit: occupant 1-101/张\*/owner/2020-01-01: already exists \(use set to change it\)$"
fails 65 "a unit again" pm-unit unit new 1-101 --area 90
err_has "names it" "^pm-unit: unit 1-101: already exists"
fails 65 "a site again" pm-unit site new s1 --name x --kind residential
err_has "names it" "^pm-unit: site s1: already exists"
done_testing
