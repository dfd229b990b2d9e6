#!/bin/sh
# pm-workorder: due times, pause and overdue state in working time across
# National Day 2026 under a fixed clock; history of one equipment; every
# event seen by pre- and on- hooks, and a pre- hook's veto.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-org staff new wang --name 王师傅 --roles maint --dept maint --sites sunny >/dev/null 2>&1
pm-org staff new zhao --name 赵经理 --roles manager >/dev/null 2>&1
export PM_USER=wang
f() { pm-workorder -o json show "$1" | jq -r "$2"; }

# a normal job (4 working hours on site, a working day to fix) reported
# Wednesday 2026-09-30 16:00: 1-7 October are off
export PM_NOW="2026-09-30 16:00"
ok "new before the holiday" pm-workorder new --title 楼道堵塞 --type 给排水/堵塞 --place 3号楼
is "business clock" business "$(f W1 .clock)"
is "on site: 2h that day, 2h on 8 October" "2026-10-08T11:00:00+08:00" "$(f W1 .on_site_due)"
is "fixed: the next working day, same time" "2026-10-08T16:00:00+08:00" "$(f W1 .fix_due)"
pm-workorder assign W1 --to wang >/dev/null
PM_NOW="2026-09-30 16:30" pm-workorder start W1 >/dev/null
PM_NOW="2026-09-30 17:00" pm-workorder pause W1 --reason 等疏通机 >/dev/null
PM_NOW="2026-10-05 10:00"
ok "paused over the holiday: not overdue" pm-workorder list --overdue -o id
out_is "nothing late" ""
PM_NOW="2026-10-08 10:00"
ok "resume" pm-workorder resume W1
is "wall-clock pause" 666000 "$(f W1 .paused_s)"
is "two working hours paused: fix due 18:00" "2026-10-08T18:00:00+08:00" "$(f W1 .fix_due)"
PM_NOW="2026-10-08 17:59"
is "not overdue at 17:59" "" "$(pm-workorder list --overdue -o id)"
is "due within 1h" W1 "$(pm-workorder list --due-within 1h -o id)"
PM_NOW="2026-10-08 18:30"
is "overdue at 18:30" W1 "$(pm-workorder list --overdue -o id)"
ok "done late" pm-workorder done W1 --work 疏通 --minutes 45
is "done is not overdue" "" "$(pm-workorder list --overdue -o id)"

# history of one equipment: done jobs newest first
PM_USER=admin pm-workorder equip new ELV-3-1 --kind 电梯/客梯 --dept maint >/dev/null
PM_USER=admin pm-workorder equip new TNK-1 --kind 给排水/水箱 >/dev/null
PM_USER=admin pm-workorder equip retire TNK-1 --reason 更换 >/dev/null
fails 65 "retired equipment takes no new work" pm-workorder new --title x --equip TNK-1
PM_NOW="2026-11-02 09:00"; export PM_NOW
for n in 1 2 3; do pm-workorder new --title "故障$n" --equip ELV-3-1 --type 电梯/故障 >/dev/null; done
for w in W2 W3 W4; do pm-workorder assign $w --to wang >/dev/null; pm-workorder start $w >/dev/null; done
PM_NOW="2026-11-02 10:00" pm-workorder done W3 --work 换按钮 --minutes 30 --part 按钮:2:15 >/dev/null
PM_NOW="2026-11-02 11:00" pm-workorder done W2 --work 调平层 --minutes 60 >/dev/null
PM_NOW="2026-11-02 12:00" PM_USER=zhao pm-workorder verify W2 >/dev/null
ok "history" pm-workorder history --equip ELV-3-1
is "done ones, newest done first" "W2 W3" "$(pm-workorder history --equip ELV-3-1 -o id | tr '\n' ' ' | sed 's/ $//')"
ok "history tsv" pm-workorder history --equip ELV-3-1 --header
out_has "columns" "^id	done	status	type	source	worker	minutes	cost_fen	title	work$"
out_has "the cost" "^W3	.*	30	30.00	故障2	换按钮$"
is "list --equip: the open ones" "W4 W3" "$(pm-workorder list --equip ELV-3-1 -o id | tr '\n' ' ' | sed 's/ $//')"
fails 64 "history needs --equip" pm-workorder history
fails 66 "unknown equipment" pm-workorder history --equip NOPE
ok "equipment's department" pm-workorder -o json show W4
is "dept from the equipment" maint "$(f W4 .dept)"

# hooks: pre- and on- hooks see every event of a job; a pre- veto rolls back
H="$T/hooks"; mkdir -p "$H" "$T/config/pm"
printf 'hooks:\n  dir: %s\n  timeout: 2s\n' "$H" >"$T/config/pm/config.yaml"
printf '#!/bin/sh\necho "$PM_EVENT $PM_ID" >>"%s/pre.log"\n' "$T" >"$H/pre-any"
printf '#!/bin/sh\ncat >>"%s/on.log"; echo >>"%s/on.log"\n' "$T" "$T" >"$H/on-any"
chmod +x "$H/pre-any" "$H/on-any"
PM_NOW="2026-11-03 09:00"
pm-workorder new --title 灯坏 --type 公共设施/照明 --place 大堂 >/dev/null
pm-workorder assign W5 --to wang >/dev/null
pm-workorder start W5 >/dev/null
pm-workorder pause W5 --reason 等灯管 >/dev/null
pm-workorder resume W5 >/dev/null
pm-workorder log W5 --text 换灯管 >/dev/null
pm-workorder done W5 --work 换灯管 >/dev/null
PM_USER=zhao pm-workorder verify W5 >/dev/null
is "pre- hooks saw every event" "workorder.new workorder.assign workorder.start workorder.pause workorder.resume workorder.log workorder.done workorder.verify" \
	"$(grep ' W5$' "$T/pre.log" | cut -d' ' -f1 | tr '\n' ' ' | sed 's/ $//')"
is "on- hooks too, with the record" "8 8" \
	"$(grep -c '"id":"W5"' "$T/on.log") $(grep '"id":"W5"' "$T/on.log" | jq -r .record.title | grep -c 灯坏)"
printf '#!/bin/sh\necho "no verify on Sundays" >&2; exit 1\n' >"$H/pre-workorder.cancel"
chmod +x "$H/pre-workorder.cancel"
fails 65 "a pre- hook vetoes" pm-workorder cancel W4 --reason x
err_has "names the hook" "pre-workorder.cancel"
is "nothing changed" in_progress "$(f W4 .status)"
done_testing
