#!/bin/sh
# pm-workorder equip list and show: filters, the kind prefix, retired ones, bad filters.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit building new 3 --floors 18 >/dev/null
pm-unit building new 5 --floors 11 >/dev/null
w() { pm-workorder equip new "$@" >/dev/null; }
w ELV-3-1 --kind 电梯/客梯 --building 3 --dept maint
w ELV-3-2 --kind 电梯/货梯 --building 3 --dept maint
w ESC-1 --kind 电梯/扶梯 --building 5
w ELV2-1 --kind 其他 --building 5 --importance A
w PMP-1 --kind 给排水/生活水泵 --dept security
w TNK-1 --kind 给排水/水箱 --building 5
pm-workorder equip retire ELV-3-2 --reason 拆除 >/dev/null

ok "list" pm-workorder equip list
is "in service, by code" "ELV-3-1 ELV2-1 ESC-1 PMP-1 TNK-1" "$(cut -f2 "$T/.out" | tr '\n' ' ' | sed 's/ $//')"
ok "-o id" pm-workorder -o id equip list
is "codes" 5 "$(wc -l < "$T/.out")"
is "a top level lists its subs" "ELV-3-1 ESC-1" "$(pm-workorder -o id equip list --kind 电梯 | tr '\n' ' ' | sed 's/ $//')"
is "a sub lists itself" "ESC-1" "$(pm-workorder -o id equip list --kind '电梯 › 扶梯')"
is "retired ones with --all" "ELV-3-1 ELV-3-2 ESC-1" "$(pm-workorder -o id equip list --kind 电梯 --all | tr '\n' ' ' | sed 's/ $//')"
is "by building, count" 3 "$(pm-workorder -o id equip list --building 5 | wc -l)"
is "by department" "ELV-3-1" "$(pm-workorder -o id equip list --dept maint)"
is "by importance" "ELV-3-1 ELV2-1 ESC-1 PMP-1" "$(pm-workorder -o id equip list --importance A | tr '\n' ' ' | sed 's/ $//')"
is "filters and" "ESC-1" "$(pm-workorder -o id equip list --kind 电梯 --building 5)"
is "by site" 5 "$(pm-workorder -o id equip list --site sunny | wc -l)"
ok "header" pm-workorder --header equip list --kind 给排水/水箱
out_has "documented columns" "^site	code	name	kind	building	floor	place	vendor	contractor	installed	warranty_end	life_years	importance	dept	responsible	retired	retire_reason$"
ok "json" pm-workorder -o json equip list
is "one object a record" 5 "$(jq -c . "$T/.out" | wc -l)"
ok "table" pm-workorder -o table equip list --kind 给排水

fails 66 "unknown site filter" pm-workorder equip list --site nowhere
fails 65 "unknown kind filter" pm-workorder equip list --kind 飞机
err_has "says what is known" "known:"
fails 66 "unknown department filter" pm-workorder equip list --dept cleaning
fails 65 "bad importance filter" pm-workorder equip list --importance Z
fails 64 "an unknown option" pm-workorder equip list --state open

# show
ok "show" pm-workorder equip show PMP-1
is "one row" "sunny	PMP-1		给排水/生活水泵" "$(cut -f1-4 "$T/.out")"
ok "show a retired one" pm-workorder equip show ELV-3-2
is "with its date and reason" "2026-11-30	拆除" "$(cut -f16,17 "$T/.out")"
fails 66 "show unknown" pm-workorder equip show NOPE
err_has "says so" "equipment NOPE: no such equipment"
fails 64 "show needs a code" pm-workorder equip show
fails 66 "show at an unknown site" pm-workorder equip show PMP-1 --site nowhere
done_testing
