#!/bin/sh
# pm-workorder equip new: fields, defaults, the kind tree, and every way to get it wrong.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new li.ming --name 李明 --dept maint >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit building new 3 --floors 18 >/dev/null

ok "new with every field" pm-workorder equip new ELV-3-1 --kind 电梯/客梯 --name 3号楼1号客梯 \
	--building 3 --floor -1 --place 井道 --vendor 迅达 --contractor 迅达维保 \
	--installed 2020-06-01 --warranty-end 2022-05-31 --life-years 15 --dept maint \
	--responsible li.ming
out_is "prints its code" "ELV-3-1"
ok "show" pm-workorder equip show ELV-3-1
out_is "every column" "sunny	ELV-3-1	3号楼1号客梯	电梯/客梯	3	-1	井道	迅达	迅达维保	2020-06-01	2022-05-31	15	A	maint	li.ming		"
ok "json" pm-workorder -o json equip show ELV-3-1
is "floor is a number" -1 "$(jq .floor "$T/.out")"
is "not retired" null "$(jq .retired "$T/.out")"

# the kind: any spelling of a path, stored canonical; importance from it
ok "kind spelt with >" pm-workorder equip new PMP-1 --kind '给排水 > 生活水泵'
is "stored as a path" "给排水/生活水泵 A" "$(pm-workorder equip show PMP-1 | cut -f4,13 | tr '\t' ' ')"
ok "kind spelt with ›" pm-workorder equip new TNK-1 --kind '给排水 › 水箱'
is "a tank is B" "给排水/水箱 B" "$(pm-workorder equip show TNK-1 | cut -f4,13 | tr '\t' ' ')"
ok "a top level is a kind" pm-workorder equip new CAM-1 --kind 弱电
is "its importance" "C" "$(pm-workorder equip show CAM-1 | cut -f13)"
ok "importance given wins" pm-workorder equip new CAM-2 --kind 弱电/监控 --importance A
is "A" "A" "$(pm-workorder equip show CAM-2 | cut -f13)"
ok "relative dates" pm-workorder equip new GEN-1 --kind 供配电/发电机 --installed yesterday
is "stored as a date" "2026-11-29" "$(pm-workorder equip show GEN-1 | cut -f10)"

# failure paths
fails 65 "unknown kind" pm-workorder equip new X-1 --kind 电梯/观光梯
err_has "names the known subs" "客梯, 货梯, 扶梯"
fails 65 "unknown top level" pm-workorder equip new X-1 --kind 飞机
err_has "names the known tops" "known: 电梯, 消防"
fails 64 "kind is required" pm-workorder equip new X-1
err_has "by its option" "--kind"
fails 66 "unknown site" pm-workorder equip new X-1 --kind 其他 --site nowhere
err_has "says so" "site nowhere: no such site"
fails 66 "unknown building" pm-workorder equip new X-1 --kind 其他 --building 9
err_has "says so" "building 9"
fails 66 "unknown department" pm-workorder equip new X-1 --kind 其他 --dept cleaning
err_has "says so" "department cleaning: no such department"
fails 66 "unknown login" pm-workorder equip new X-1 --kind 其他 --responsible nobody
err_has "says so" "staff nobody: no such staff member"
fails 65 "duplicate code" pm-workorder equip new ELV-3-1 --kind 电梯/客梯
err_has "already exists" "ELV-3-1: already exists"
fails 65 "a code with a space" pm-workorder equip new 'ELV 3' --kind 其他
fails 65 "no such date" pm-workorder equip new X-1 --kind 其他 --installed 2026-02-30
err_has "names the field" "installed"
fails 65 "not a date" pm-workorder equip new X-1 --kind 其他 --warranty-end soon
fails 65 "warranty before install" pm-workorder equip new X-1 --kind 其他 \
	--installed 2024-01-10 --warranty-end 2023-12-31
err_has "names both" "warranty_end 2023-12-31 is before installed 2024-01-10"
fails 65 "bad importance" pm-workorder equip new X-1 --kind 其他 --importance D
fails 65 "life out of range" pm-workorder equip new X-1 --kind 其他 --life-years 0
fails 65 "floor out of range" pm-workorder equip new X-1 --kind 其他 --floor 400
fails 64 "no retire option on new" pm-workorder equip new X-1 --kind 其他 --retired today
is "nothing half-written" "" "$(pm-workorder equip list --all | grep X-1)"

# two active sites: name one
pm-unit site new moon --name 月亮湾 --kind residential >/dev/null
fails 64 "which site?" pm-workorder equip new X-2 --kind 其他
ok "with --site" pm-workorder equip new ELV-3-1 --kind 电梯/货梯 --site moon
is "a code is unique within its site" 2 "$(pm-workorder equip list | grep -c ELV-3-1)"

# permissions: security may read, not write
pm-org staff new wang --name 王秩序 --roles security >/dev/null 2>&1
ok "security may list" env PM_USER=wang pm-workorder equip list
fails 77 "but not add" env PM_USER=wang pm-workorder equip new X-3 --kind 其他 --site sunny
err_has "names the permission" "equipment.edit"

# the audit log has it
is "audited once each" 2 "$(pm-admin audit --entity equipment | grep -c ELV-3-1)"
done_testing
