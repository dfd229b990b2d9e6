#!/bin/sh
# pm-workorder equip set: only what is given changes, clearing, the same rules as new.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new li.ming --name 李明 --dept maint >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit building new 3 --floors 18 >/dev/null
pm-workorder equip new ELV-3-1 --kind 电梯/客梯 --building 3 --installed 2020-06-01 \
	--vendor 迅达 >/dev/null

ok "set some fields" pm-workorder equip set ELV-3-1 --contractor 迅达维保 --responsible li.ming
quiet "set prints nothing"
is "changed" "迅达	迅达维保	li.ming" "$(pm-workorder equip show ELV-3-1 | cut -f8,9,15)"
is "the rest kept" "3	2020-06-01	A" "$(pm-workorder equip show ELV-3-1 | cut -f5,10,13)"
ok "change the kind" pm-workorder equip set ELV-3-1 --kind '电梯>货梯'
is "canonical; importance kept" "电梯/货梯	A" "$(pm-workorder equip show ELV-3-1 | cut -f4,13)"
ok "clear fields" pm-workorder equip set ELV-3-1 --vendor '' --building ''
is "cleared" "	" "$(pm-workorder equip show ELV-3-1 | cut -f5,8)"
ok "json shows the cleared building as null" pm-workorder -o json equip show ELV-3-1
is "null" null "$(jq .building "$T/.out")"
ok "set the same again" pm-workorder equip set ELV-3-1 --contractor 迅达维保
is "an unchanged set is not audited" 4 "$(pm-admin audit --entity equipment | wc -l)"

fails 66 "set unknown" pm-workorder equip set NOPE --vendor x
err_has "says so" "equipment NOPE: no such equipment"
fails 65 "unknown kind" pm-workorder equip set ELV-3-1 --kind 电梯/观光梯
fails 64 "empty kind" pm-workorder equip set ELV-3-1 --kind ''
fails 66 "unknown login" pm-workorder equip set ELV-3-1 --responsible nobody
fails 66 "unknown department" pm-workorder equip set ELV-3-1 --dept cleaning
fails 66 "unknown building" pm-workorder equip set ELV-3-1 --building 7
fails 65 "warranty before install" pm-workorder equip set ELV-3-1 --warranty-end 2019-12-31
err_has "names both" "warranty_end 2019-12-31 is before installed 2020-06-01"
fails 65 "install after the warranty" sh -c 'pm-workorder equip set ELV-3-1 --warranty-end 2022-05-31 && pm-workorder equip set ELV-3-1 --installed 2023-01-01'
fails 65 "bad date" pm-workorder equip set ELV-3-1 --installed 2026-13-01
fails 64 "set needs a code" pm-workorder equip set --vendor x
fails 64 "retirement is retire's" pm-workorder equip set ELV-3-1 --retire-reason x
is "nothing else changed" "电梯/货梯	2020-06-01	2022-05-31" "$(pm-workorder equip show ELV-3-1 | cut -f4,10,11)"
done_testing
