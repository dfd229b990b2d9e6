#!/bin/sh
# pm-workorder equip show: after the record, the equipment's open jobs
# (newest reported first) and its maintenance history (done and verified,
# newest done first); cancelled ones left out; nothing after a record
# without jobs; -o json one object with open and history; -o id the code.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-org staff new zhao --name 赵工 --roles maint --dept maint >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-workorder equip new ELV-3-1 --kind 电梯/客梯 --dept maint >/dev/null
pm-workorder equip new TNK-1 --kind 给排水/水箱 >/dev/null
q() { "$@" >/dev/null 2>"$T/.err" || _notok "setup: $*"; }
row() { printf '%s' "$1"; shift; for v in "$@"; do printf '\t%s' "$v"; done; }

# W1 verified, W2 done later (awaiting acceptance), W3 open, W4 cancelled,
# W5 open and newer; W6 on the tank
q pm-workorder new --title 困人 --equip ELV-3-1 --type 电梯/困人 --reported "2026-11-02 10:00"
q pm-workorder assign W1 --to wang --at "2026-11-02 10:05"
q pm-workorder start W1 --at "2026-11-02 10:30"
q pm-workorder --as wang done W1 --work 换门机板 --minutes 60 --part 门机板:1:1200 --at "2026-11-02 13:00"
q pm-workorder --as zhao verify W1 --at "2026-11-02 14:00"
q pm-workorder new --title 异响 --equip ELV-3-1 --type 电梯/故障 --reported "2026-11-10 08:00"
q pm-workorder assign W2 --to zhao --at "2026-11-10 08:10"
q pm-workorder start W2 --at "2026-11-10 09:00"
q pm-workorder --as zhao done W2 --work 调整 --minutes 30 --cost 200 --at "2026-11-10 10:00"
q pm-workorder new --title 按钮失灵 --equip ELV-3-1 --reported "2026-11-20 10:00"
q pm-workorder new --title 误报 --equip ELV-3-1 --reported "2026-11-21 09:00"
q pm-workorder cancel W4 --reason 误报 --at "2026-11-21 09:30"
q pm-workorder new --title 门灯不亮 --equip ELV-3-1 --reported "2026-11-25 09:00"
q pm-workorder assign W5 --to wang --at "2026-11-25 09:10"
q pm-workorder new --title 清洗 --equip TNK-1 --reported "2026-11-26 09:00"

ok "show" pm-workorder equip show ELV-3-1
is "the record first" "sunny	ELV-3-1" "$(head -n 1 "$T/.out" | cut -f1,2)"
is "then a blank line" "" "$(sed -n 2p "$T/.out")"
is "open newest first, then the history newest done first" \
    "W5 assigned,W3 new,W2 done,W1 verified" "$(sed -n '3,$p' "$T/.out" | cut -f1,2 | tr '\t' ' ' | paste -sd, -)"
is "a history row: id status reported done type source assignee worker minutes cost title" \
    "$(row W1 verified 2026-11-02T10:00:00+08:00 2026-11-02T13:00:00+08:00 电梯/困人 staff wang wang 60 1200.00 困人)" \
    "$(sed -n 6p "$T/.out")"
is "an open row" "$(row W5 assigned 2026-11-25T09:00:00+08:00 "" 其他 staff wang "" "" 0.00 门灯不亮)" \
    "$(sed -n 3p "$T/.out")"
ok "table" pm-workorder -o table equip show ELV-3-1
out_has "a header for the jobs" "^id +status +reported +done"
ok "json" pm-workorder -o json equip show ELV-3-1
is "one object" "1" "$(jq -c . "$T/.out" | wc -l)"
is "its fields" "ELV-3-1 电梯/客梯" "$(jq -r '"\(.code) \(.kind)"' "$T/.out")"
is "open" "W5,W3" "$(jq -r '.open | map(.id) | join(",")' "$T/.out")"
is "history" "W2 20000,W1 120000" "$(jq -r '.history | map("\(.id) \(.cost_fen)") | join(",")' "$T/.out")"
ok "id" pm-workorder -o id equip show ELV-3-1
out_is "the code alone" "ELV-3-1"
ok "one job" pm-workorder equip show TNK-1
is "record, blank, W6" "3 W6" "$(wc -l < "$T/.out") $(tail -n 1 "$T/.out" | cut -f1)"
pm-workorder equip new ELV-3-2 --kind 电梯/货梯 >/dev/null
ok "no jobs" pm-workorder equip show ELV-3-2
is "the record alone" "1" "$(wc -l < "$T/.out")"
ok "no jobs, json" pm-workorder -o json equip show ELV-3-2
is "empty arrays" "0 0" "$(jq -r '"\(.open | length) \(.history | length)"' "$T/.out")"
q pm-workorder assign W6 --to wang --at "2026-11-26 09:10"
q pm-workorder start W6 --at "2026-11-26 09:30"
q pm-workorder --as wang done W6 --work 清洗完毕 --at "2026-11-26 12:00"
q pm-workorder equip retire TNK-1 --reason 更换为不锈钢水箱
ok "a retired one keeps its history" pm-workorder equip show TNK-1
is "W6 done" "W6	done" "$(tail -n 1 "$T/.out" | cut -f1,2)"
fails 66 "unknown" pm-workorder equip show NOPE
err_has "says so" "equipment NOPE: no such equipment"
fails 66 "unknown, json" pm-workorder -o json equip show NOPE
is "nothing printed" "" "$(cat "$T/.out")"
fails 66 "unknown site" pm-workorder equip show ELV-3-1 --site nowhere
done_testing
