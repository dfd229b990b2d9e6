# report-seed-care.sh — seed_care SITE: a known month of owner contacts and
# maintenance at site SITE for pm-report's complaints and maintenance
# sections (2026-11, with October 2026 and November 2025 beside it).
#
# Stands on report-seed.sh's report_site SITE (buildings 1 1号楼 and 2
# 2号楼, units 1-101 1-102 2-101) and its staff (admin acting, wang the
# worker, zhao the one who accepts).  Makes, under SITE: equipment CELV-1
# (1号楼客梯) and CPMP-1, the plan care-SITE.  Every command runs at
# PM_NOW 2026-12-02 09:00 (REPORT_NOW): a reopen and a failed acceptance
# on 12-01, after the month, leave November's figures as they were.
# Returns 1 when a command failed (each failure says so on stderr).
#
# The figures of November 2026 (as of its end), per site:
#
# complaints.received 6, open 2 (C4 reopened, C5), response n 4 [5 20 30
#   60] p50 20 p90 60, resolve n 3 [45 120 17280] p50 120 p90 17280,
#   in_time 2/3 (C3, resolved late on 11-28, is judged against the due
#   time it had in November, not the later one its December reopen set),
#   repeat 1/6, satisfaction 2/3 (scores 5 3 4),
#   satisfaction_mean 12/3, visit_coverage 2/2;
#   by_kind complaint 3, repair 1, suggestion 1, inquiry 1;
#   by_channel phone 2, wechat 1, online 1, letter 1, walkin 1;
#   by_category 维修/漏水 3, 环境/噪音 1, 收费/物业费 1, - 1;
#   top_problems 维修/漏水|SITE/1 3, -|SITE 1, 收费/物业费|SITE/1 1,
#   环境/噪音|SITE/2 1.
# maintenance.planned_due 3, planned_on_time 1/3, faults 4, onsite n 4
#   [10 20 30 60] p50 20 p90 60, fix n 3 [60 80 180] p50 80 p90 180,
#   cost_fen 50000; top_equipment SITE/CELV-1 2 faults 40000 fen,
#   SITE/CPMP-1 1 fault 0 fen.
# October 2026: complaints.received 2, open 1, response n 1 [10],
#   resolve n 1 [50], in_time 1/2, repeat 0/2, satisfaction 1/1,
#   satisfaction_mean 5/1, visit_coverage 1/1; maintenance.faults 1,
#   planned_due 0, onsite n 1 [15], fix n 1 [45], cost_fen 8000.
# November 2025: complaints.received 1, open 0, response n 1 [15],
#   resolve n 1 [180], in_time 1/1, satisfaction 0/1, satisfaction_mean
#   2/1, visit_coverage 1/1; maintenance.faults 0, cost_fen 0.

seed_care() {
	_cs=$1
		_cfail=0
	_cn() { PM_NOW="2026-12-02 09:00" "$@" >/dev/null || { echo "seed_care: $*" >&2; _cfail=1; }; }
	_cid() { PM_NOW="2026-12-02 09:00" "$@" || { echo "seed_care: $*" >&2; _cfail=1; }; }
	_cn pm-workorder equip new CELV-1 --site "$_cs" --kind 电梯/客梯 --name 1号楼客梯 \
		--building 1 --dept maint
	_cn pm-workorder equip new CPMP-1 --site "$_cs" --kind 给排水/生活水泵 --dept maint

	# ---- contacts -------------------------------------------------------
	_cc() { _cid pm-complaint new --site "$_cs" "$@"; }
	_cp() { _cn pm-complaint "$@"; }
	# _cwalk ID START RESOLVED [REPLIED VISITED SCORE CLOSED [NOTE]]: assigned to
	# wang and started (the first response) at START, resolved, then
	# replied, visited with SCORE and closed (with NOTE after a
	# dissatisfied visit)
	_cwalk() {
		_cp assign "$1" --dept maint --to wang --at "$2"
		_cp start "$1" --at "$2"
		_cp resolve "$1" --result 已处理 --at "$3"
		[ $# -gt 3 ] || return 0
		_cp reply "$1" --text 已处理 --at "$4"
		_cp visit "$1" --satisfaction "$6" --at "$5"
		_cp close "$1" ${8:+--text "$8"} --at "$7"
	}
	# November 2025: resolved in 3 h, a dissatisfied visit
	_k=$(_cc --unit 1-102 --category 维修/门窗 --text 门坏 --received "2025-11-10 09:00")
	_cwalk "$_k" "2025-11-10 09:15" "2025-11-10 12:00" "2025-11-10 12:30" \
		"2025-11-11 10:00" 2 "2025-11-11 10:05" 业主仍不满意
	# October 2026: one handled in 50 min, one never touched
	_k=$(_cc --unit 2-101 --category 环境/卫生 --text 垃圾 --received "2026-10-15 09:00")
	_cwalk "$_k" "2026-10-15 09:10" "2026-10-15 09:50" "2026-10-15 10:00" \
		"2026-10-16 10:00" 5 "2026-10-16 10:05"
	_cc --place 北门 --text 北门灯坏 --received "2026-10-20 08:00" >/dev/null
	# November 2026
	# C1: response 30 min, resolved in 2 h, satisfied (5), closed
	_k=$(_cc --unit 1-101 --category 维修/漏水 --text 漏水 --received "2026-11-02 09:00")
	_cwalk "$_k" "2026-11-02 09:30" "2026-11-02 11:00" "2026-11-02 11:30" \
		"2026-11-03 10:00" 5 "2026-11-03 10:05"
	# C2: the same leak again (a repeat), wechat; 5 min, 45 min, dissatisfied (3)
	_k=$(_cc --unit 1-101 --category 维修/漏水 --channel wechat --text 又漏 \
		--received "2026-11-09 10:00")
	_cwalk "$_k" "2026-11-09 10:05" "2026-11-09 10:45" "2026-11-09 11:00" \
		"2026-11-10 10:00" 3 "2026-11-10 10:05" 已解释
	# C3: a repair request online; 20 min, resolved after 12 days (late);
	# reopened in December: November still counts it resolved
	_k=$(_cc --unit 1-102 --category 维修/漏水 --kind repair --channel online --text 渗水 \
		--received "2026-11-16 08:00")
	_cwalk "$_k" "2026-11-16 08:20" "2026-11-28 08:00"
	_cp reopen "$_k" --reason 又渗 --at "2026-12-01 09:00"
	# C4: noise; 60 min, resolved, visited (4), closed, reopened on Sunday
	# 11-29: open at the month's end, due after it
	_k=$(_cc --unit 2-101 --category 环境/噪音 --text 装修噪音 --received "2026-11-20 20:00")
	_cwalk "$_k" "2026-11-20 21:00" "2026-11-21 09:00" "2026-11-21 09:30" \
		"2026-11-22 10:00" 4 "2026-11-22 10:05"
	_cp reopen "$_k" --reason 又吵 --at "2026-11-29 10:00"
	# C5: a suggestion by letter, a public place, no category, untouched
	_cc --kind suggestion --channel letter --place 东门 --text 加装路灯 \
		--received "2026-11-28 10:00" >/dev/null
	# C6: an inquiry at the desk, rejected
	_k=$(_cc --unit 1-102 --category 收费/物业费 --kind inquiry --channel walkin \
		--text 问费用 --received "2026-11-26 09:00")
	_cp reject "$_k" --reason 非投诉 --at "2026-11-26 10:00"

	# ---- work orders ------------------------------------------------------
	_cw() { _cid pm-workorder new --site "$_cs" "$@"; }
	_cx() { _cn pm-workorder "$@"; }
	# October 2026: a pump fault, 15 min on site, fixed in 45 min, 80 yuan
	_k=$(_cw --title 水泵异响 --equip CPMP-1 --type 给排水/堵塞 --reported "2026-10-20 10:00")
	_cx assign "$_k" --to wang --at "2026-10-20 10:05"
	_cx start "$_k" --at "2026-10-20 10:15"
	_cx --as wang done "$_k" --work 紧固 --cost 80 --at "2026-10-20 10:45"
	# W1: trapped in the lift; 20 min, paused an hour, fixed in 80 min, 300 yuan
	_k=$(_cw --title 困人 --equip CELV-1 --type 电梯/困人 --reported "2026-11-03 10:00")
	_cx assign "$_k" --to wang --at "2026-11-03 10:05"
	_cx start "$_k" --at "2026-11-03 10:20"
	_cx pause "$_k" --reason 等件 --at "2026-11-03 10:40"
	_cx resume "$_k" --at "2026-11-03 11:40"
	_cx --as wang done "$_k" --work 换门机板 --cost 300 --at "2026-11-03 12:20"
	# W2: 60 min, 180 min, 100 yuan; its acceptance fails in December
	_k=$(_cw --title 异响 --equip CELV-1 --type 电梯/故障 --reported "2026-11-12 08:00")
	_cx assign "$_k" --to wang --at "2026-11-12 08:05"
	_cx start "$_k" --at "2026-11-12 09:00"
	_cx --as wang done "$_k" --work 调整 --cost 100 --at "2026-11-12 11:00"
	_cx --as zhao verify --fail --reason 仍异响 "$_k" --at "2026-12-01 10:00"
	# W3: the pump leaks; 10 min, not fixed
	_k=$(_cw --title 漏水 --equip CPMP-1 --type 给排水/漏水 --reported "2026-11-20 10:00")
	_cx assign "$_k" --to wang --at "2026-11-20 10:05"
	_cx start "$_k" --at "2026-11-20 10:10"
	# W4: a false alarm, cancelled: no fault
	_k=$(_cw --title 误报 --equip CPMP-1 --reported "2026-11-05 09:00")
	_cx cancel "$_k" --reason 误报 --at "2026-11-05 09:30"
	# W5: the lobby door, no equipment; 30 min, 60 min, a 50-yuan part
	_k=$(_cw --title 大堂门 --place 大堂 --type 公共设施 --reported "2026-11-25 09:00")
	_cx assign "$_k" --to wang --at "2026-11-25 09:10"
	_cx start "$_k" --at "2026-11-25 09:30"
	_cx --as wang done "$_k" --work 换合页 --part 合页:1:50 --at "2026-11-25 10:00"

	# ---- planned jobs: the lift every 15 days from 11-01 (11-01 on time,
	# 11-16 done late on 11-18), the pump monthly from 11-30 (not done: due
	# at the month's end)
	cat > "care-plan-$_cs.yaml" <<EOF
plan: care-$_cs
site: $_cs
items:
  - key: lift
    title: 电梯保养
    task: 维保
    equipment: [CELV-1]
    recurrence: every 15 days
    start: 2026-11-01
    dept: maint
    person: wang
  - key: pump
    title: 水泵月检
    task: 月检
    equipment: [CPMP-1]
    recurrence: every 30 days
    start: 2026-11-30
    dept: maint
    person: wang
EOF
	_cn pm-workorder plan load "care-plan-$_cs.yaml"
	PM_NOW="2026-10-31 12:00" pm-workorder plan run --through 2026-11-30 >/dev/null ||
		{ echo "seed_care: plan run" >&2; _cfail=1; }
	# the jobs made, by occurrence: 11-01 on time, 11-16 late
	_cj() { PM_NOW="2026-10-31 12:00" pm-workorder plan due --plan "care-$_cs" --within 31d \
		-o json | jq -r --arg e "$1" --arg o "$2" 'select(.equipment == $e and .occurrence == $o) | .job'; }
	_k=$(_cj CELV-1 2026-11-01)
	_cx start "$_k" --at "2026-11-01 09:00"
	_cx --as wang done "$_k" --work 保养 --cost 50 --at "2026-11-01 10:00"
	_k=$(_cj CELV-1 2026-11-16)
	_cx start "$_k" --at "2026-11-18 09:00"
	_cx --as wang done "$_k" --work 保养 --at "2026-11-18 10:00"
	return $_cfail
}

# care_fig KEY [SLOT] [FILE]: a figure of a report's JSON (default
# $T/r.json, slot cur) as text: n (count), fen, num/den (ratio), sum/n
# (mean), "n:p50:p90 v*c,..." (dist, with its histogram), - (no figure).
care_fig() {
	jq -r --arg k "$1" --arg s "${2:-cur}" '.figures[$k][$s] |
	    if . == null then "-" elif has("fen") then "\(.fen)"
	    elif has("num") then "\(.num)/\(.den)" elif has("sum") then "\(.sum)/\(.n)"
	    elif has("hist") then "\(.n):\(.p50):\(.p90) \([.hist[] | "\(.[0])*\(.[1])"] | join(","))"
	    else "\(.n)" end' "${3:-$T/r.json}"
}

# care_rows TABLE [SLOT] [FILE]: a table's rows with a value in SLOT, in
# order, as "key=v[/v]" (counts and fen) separated by spaces.
care_rows() {
	jq -r --arg k "$1" --arg s "${2:-cur}" '[.tables[$k].rows[] |
	    select(.[$s] != null and .[$s][0] != null) |
	    "\(.key)=\([.[$s][] | if . == null then "-" elif has("fen") then .fen else .n end] |
	    join("/"))"] | join(" ")' "${3:-$T/r.json}"
}

# care_json NAME ARGS...: pm-report monthly ARGS -o json into $T/NAME.json
# (a test step).
care_json() {
	_cjn=$1; shift
	ok "monthly $*" pm-report monthly "$@" -o json
	cp "$T/.out" "$T/$_cjn.json"
}
