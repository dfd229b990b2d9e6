#!/bin/sh
# The rest of pm-unit's kind x verb grid, each with a failure path.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new wang --name 王秩序 --roles security >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null

# site
ok "site set" pm-unit site set sunny --address 北京市
is "address changed" "北京市" "$(pm-unit site show sunny | cut -f4)"
fails 66 "site set unknown" pm-unit site set nowhere --address x
fails 66 "site show unknown" pm-unit site show nowhere
ok "site export" pm-unit site export
out_has "csv" "^.?.?.?code,name,kind,address,active"
ok "site set --active no" pm-unit site set sunny --active no
is "inactive sites are hidden" "" "$(pm-unit site list)"
is "--all shows them" "sunny" "$(pm-unit site list --all | cut -f1)"
ok "site set --active yes" pm-unit site set sunny --active yes
fails 65 "bad boolean" pm-unit site set sunny --active maybe

# building
ok "building new" pm-unit building new 1 --name 一号楼 --floors 11
ok "building list" pm-unit building list
out_is "columns" "sunny	1	一号楼	11"
ok "building show" pm-unit -o json building show 1
is "floors as a number" 11 "$(jq .floors "$T/.out")"
ok "building set" pm-unit building set 1 --floors 12
fails 66 "building set unknown" pm-unit building set 9 --floors 3
printf 'site,code,name,floors\nsunny,2,二号楼,20\nsunny,1,一号楼,12\n' > b.csv
ok "building import" pm-unit building import b.csv
out_is "one new, one unchanged" "1	0	1"
ok "building export" pm-unit -o json building export
is "two buildings in json" 2 "$(wc -l < "$T/.out")"
printf 'site,code,floors\nsunny,3,0\n' > bad.csv
fails 65 "building import with floors 0" pm-unit building import bad.csv
err_has "line named" "bad.csv:2: floors"

# vehicle
pm-unit unit new 1-101 --building 1 --area 90 >/dev/null
pm-unit unit new P-1 --area 12.5 --kind parking >/dev/null
ok "vehicle new" pm-unit vehicle new 沪A1234D --unit 1-101
ok "vehicle show" pm-unit vehicle show 沪A1234D
out_is "masked plate" "sunny	沪A***4D	1-101		1"
ok "vehicle set --space" pm-unit vehicle set 沪A1234D --space P-1
fails 66 "vehicle set unknown" pm-unit vehicle set 京B99999 --space P-1
printf 'site,plate,unit,space\nsunny,粤B12345,1-101,\nsunny,沪A1234D,1-101,P-1\n' > v.csv
ok "vehicle import" pm-unit vehicle import v.csv
out_is "one new, one unchanged" "1	0	1"
ok "vehicle export masks plates" pm-unit vehicle export
out_has "masked" "粤B\*\*\*45"
printf 'site,plate\nsunny,ZZ123\n' > badv.csv
fails 65 "vehicle import with a bad plate" pm-unit vehicle import badv.csv
err_has "line named" "badv.csv:2:"

# permissions: a security guard may read but not edit property data
ok "security may list units" env PM_USER=wang pm-unit unit list
fails 77 "but not add one" env PM_USER=wang pm-unit unit new 1-102 --area 80
err_has "names unit.edit" "unit.edit"
fails 77 "nor import" env PM_USER=wang pm-unit unit import b.csv
fails 77 "an unknown actor may not write" env PM_USER=nobody pm-unit site set sunny --address x
ok "but may read" env PM_USER=nobody pm-unit site list
is "three refusals audited" 3 "$(pm-admin audit --action refused | wc -l)"

# usage
fails 64 "unknown kind" pm-unit castle list
fails 64 "kind without verb" pm-unit unit
fails 64 "unknown option" pm-unit unit list --colour red
fails 64 "show needs a key" pm-unit unit show
fails 64 "import needs a file" pm-unit unit import
fails 66 "import of a missing file" pm-unit unit import nothere.csv
fails 64 "a filter the kind does not have" pm-unit occupant list --state vacant
err_has "is named, not ignored" "state filter does not apply to occupants \(--state\)"
pm-unit occupant new --unit 1-101 --name 周一 --role owner --move-in 2020-01-01 >/dev/null
ok "occupants by building" pm-unit occupant list --building 1
is "one in building 1" 1 "$(wc -l < "$T/.out")"
is "none in building 2" "" "$(pm-unit occupant list --building 2)"
ok "--help per verb" pm-unit occupant new --help
out_has "synopsis" "^usage: pm-unit occupant new"
ok "the database is sound" pm-admin check

done_testing
