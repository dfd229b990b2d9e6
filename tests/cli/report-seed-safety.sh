# report-seed-safety.sh — seed_safety SITE: a known month of patrols,
# hazards, drills, incidents and actions at site SITE of $PM_DB, for the
# report tests (0965-0969) and core's merge test.  Source it after
# lib.sh; the database is initialised, staff admin (the bootstrap, who
# walks and verifies) and the site exist.  Every command runs at its own
# PM_NOW, the last at 2026-12-01 08:00: run the report after it.
#
# What it makes, per site (the report of 2026-11, prev 2026-10, yoy 2025-11):
#
#	                     2026-11      2026-10     2025-11
#	rounds_planned       3            3           3
#	rounds_walked        2            2           1
#	rounds_missed        1            1           2
#	coverage             5/9          6/9         3/9
#	hazards_found        4            1           0
#	hazards_rectified    3            0           0
#	hazards_in_time      1/3          -           -
#	hazards_overdue      2            1           0
#	drills_held          1            1           1
#	drills_due           3            3           4
#	incidents            3 (general 2, serious 1)   1 (general)   0
#	incident_response    25, 90 min   41 min      -
#	actions opened       5            1           0
#	actions done         2            0           0
#	actions verified     1            0           0
#	actions pending      3            1           0
#	actions overdue      2            1           0
#
# Staff sfown (security) is made when missing: the owner of the actions.

# _sf WHEN CMD...: run CMD at local time WHEN, quietly; a failure is a
# setup failure of the test.
_sf() {
	_w=$1; shift
	PM_NOW="$_w" PM_USER=admin "$@" >"$T/.sf" 2>"$T/.sferr" ||
		{ printf '# seed_safety: %s: %s\n' "$*" "$(head -n 1 "$T/.sferr")" >&2; return 1; }
}
# _sfid WHEN CMD...: the same, printing the ID it made (-o id).
_sfid() { _sf "$@" -o id && head -n 1 "$T/.sf"; }

# _sf_walk SITE DAY POINTS...: walk the round of SITE's route on DAY
# (09:00), checking the points named (POINT or POINT=ISSUE), then finish.
_sf_walk() {
	_s=$1 _d=$2; shift 2
	_r=$(PM_NOW="$_d 08:00" PM_USER=admin pm-patrol round list --site "$_s" \
		--from "$_d" -o id | head -n 1)
	[ -n "$_r" ] || { echo "# seed_safety: no round at $_s on $_d" >&2; return 1; }
	_sf "$_d 09:00" pm-patrol round start "$_r" --by admin || return 1
	_m=5
	for _p in "$@"; do
		_at=$(printf '%s 09:%02d' "$_d" "$_m")
		case $_p in
		*=*) _sf "$_at" pm-patrol check "$_r" "${_p%%=*}" --issue "${_p#*=}" \
			--severity 较大 || return 1 ;;
		*) _sf "$_at" pm-patrol check "$_r" "$_p" --ok || return 1 ;;
		esac
		_m=$((_m + 10))
	done
	_sf "$_d 09:50" pm-patrol round finish "$_r"
}

seed_safety() {
	S=$1
	PM_USER=admin pm-org staff new sfown --name 安全责任人 --roles security \
		--dept security >/dev/null 2>&1
	_sf "2025-10-01 08:00" pm-patrol point new --site "$S" --kind entrance --name 大门 GATE &&
	_sf "2025-10-01 08:00" pm-patrol point new --site "$S" --kind fire --name 消防泵房 FIRE &&
	_sf "2025-10-01 08:00" pm-patrol point new --site "$S" --kind cctv --name 监控室 CCTV ||
		return 1
	cat > "$T/route-$S.yaml" <<Y
route: $S-wk
title: 月度安全巡查
site: $S
depts: [security]
schedule: [monthly 5 at 09:00, monthly 15 at 09:00, monthly 25 at 09:00]
window: 2h
points:
  - point: GATE
    window: 20min
  - point: FIRE
    offset: 10min
    window: 20min
  - point: CCTV
    offset: 20min
    window: 20min
Y
	_sf "2025-10-01 08:00" pm-patrol route load "$T/route-$S.yaml" &&
	_sf "2025-10-01 08:00" pm-patrol round plan --through 2026-12-31 || return 1

	# a year ago: one round walked, a fire drill
	_sf_walk "$S" 2025-11-05 GATE FIRE CCTV || return 1
	_d=$(_sfid "2025-11-01 10:00" pm-patrol drill plan --site "$S" --kind fire \
		--date 2025-11-20) &&
	_sf "2025-11-20 18:00" pm-patrol drill record "$_d" --participants 30 --minutes 40 ||
		return 1

	# last month: two rounds walked, the third missed; a hazard left late
	# into November; an evacuation drill; an incident of 40.5 minutes; an
	# action overdue at the month's end
	_sf_walk "$S" 2026-10-05 GATE FIRE CCTV && _sf_walk "$S" 2026-10-15 GATE FIRE CCTV ||
		return 1
	_hf=$(_sfid "2026-10-20 10:00" pm-patrol hazard new --site "$S" --severity 重大 \
		--place 配电房 --text 配电房门锁损坏) || return 1
	_d=$(_sfid "2026-10-01 10:00" pm-patrol drill plan --site "$S" --kind evacuation \
		--date 2026-10-09) &&
	_sf "2026-10-09 18:00" pm-patrol drill record "$_d" --participants 80 --minutes 35 ||
		return 1
	_i=$(_sfid "2026-10-15 10:05" pm-patrol incident open --site "$S" --kind injury \
		--text 业主滑倒 --at "2026-10-15T10:00:30+08:00") &&
	_sf "2026-10-15 10:45" pm-patrol incident resolve "$_i" --at "2026-10-15 10:41" ||
		return 1
	_a4=$(_sfid "2026-10-10 10:00" pm-action new --site "$S" --text 雨季排水检查 \
		--owner sfown --source report:2026-09 --due 2026-10-30) || return 1

	# the month: a round with an issue, one with a point skipped, one missed
	_sf "2026-11-03 09:00" pm-patrol hazard fix "$_hf" --action 更换门锁 &&
	_sf_walk "$S" 2026-11-05 GATE FIRE=消防栓漏水 CCTV || return 1
	_ha=$(PM_NOW="2026-11-05 10:00" PM_USER=admin pm-patrol hazard list --site "$S" -o id |
		grep -vx "$_hf" | head -n 1)
	_sf_walk "$S" 2026-11-15 GATE CCTV || return 1
	_sf "2026-11-07 10:00" pm-patrol hazard fix "$_ha" --action 更换阀门 || return 1
	_hb=$(_sfid "2026-11-10 10:00" pm-patrol hazard new --site "$S" --severity 重大 \
		--place 2号梯 --text 电梯井道进水) &&
	_sf "2026-11-12 08:00" pm-patrol hazard fix "$_hb" --action 封堵 &&
	_sfid "2026-11-20 10:00" pm-patrol hazard new --site "$S" --severity 较大 \
		--place 北围墙 --text 围墙裂缝 >/dev/null &&
	_hd=$(_sfid "2026-11-26 10:00" pm-patrol hazard new --site "$S" --severity 较大 \
		--place 地库 --text 地库照明不足) &&
	_he=$(_sfid "2026-11-27 10:00" pm-patrol hazard new --site "$S" --severity 较大 \
		--place 地库 --text 重复登记) &&
	_sf "2026-11-28 10:00" pm-patrol hazard cancel "$_he" --reason 重复 || return 1
	_d=$(_sfid "2026-11-01 10:00" pm-patrol drill plan --site "$S" --kind fire \
		--date 2026-11-18) &&
	_sf "2026-11-18 18:00" pm-patrol drill record "$_d" --participants 30 --minutes 45 ||
		return 1
	_i=$(_sfid "2026-11-08 20:02" pm-patrol incident open --site "$S" --kind fire \
		--severity serious --text 配电箱冒烟 --at "2026-11-08 20:00") &&
	_sf "2026-11-08 20:30" pm-patrol incident resolve "$_i" --at "2026-11-08 20:25" &&
	_i=$(_sfid "2026-11-12 14:10" pm-patrol incident open --site "$S" --kind theft \
		--text 电动车被盗 --at "2026-11-12 14:00") &&
	_sf "2026-11-12 15:30" pm-patrol incident resolve "$_i" &&
	_i=$(_sfid "2026-11-29 22:05" pm-patrol incident open --site "$S" --kind power \
		--text 3号楼停电 --at "2026-11-29 22:00") || return 1
	_a1=$(_sfid "2026-11-02 10:00" pm-action new --site "$S" --text 消防通道清理 \
		--owner sfown --source report:2026-10 --due 2026-11-20) &&
	_a2=$(_sfid "2026-11-03 10:00" pm-action new --site "$S" --text 监控补盲 \
		--owner sfown --source report:2026-10 --due 2026-11-25) &&
	_sfid "2026-11-10 10:00" pm-action new --site "$S" --text 门禁升级 \
		--owner sfown --source report:2026-10 --due 2026-12-15 >/dev/null &&
	_a5=$(_sfid "2026-11-12 10:00" pm-action new --site "$S" --text 巡更点增补 \
		--owner sfown --source report:2026-10 --due 2026-11-28) &&
	_a6=$(_sfid "2026-11-14 10:00" pm-action new --site "$S" --text 重复措施 \
		--owner sfown --source report:2026-10 --due 2026-11-30) || return 1
	PM_NOW="2026-11-05 10:00" PM_USER=sfown pm-action done "$_a4" --result 已疏通 \
		>/dev/null 2>"$T/.sferr" &&
	PM_NOW="2026-11-18 10:00" PM_USER=sfown pm-action done "$_a1" --result 已清理 \
		>/dev/null 2>>"$T/.sferr" &&
	_sf "2026-11-19 10:00" pm-action verify "$_a1" &&
	_sf "2026-11-16 10:00" pm-action cancel "$_a6" --reason 重复 ||
		{ echo "# seed_safety: actions"; cat "$T/.sferr"; return 1; }
	: "$_a2"

	# after the month's end: what was late is rectified, resolved, done
	_sf "2026-12-01 06:00" pm-patrol incident resolve "$_i" &&
	_sf "2026-12-01 08:00" pm-patrol hazard fix "$_hd" --action 增设灯具 &&
	PM_NOW="2026-12-01 08:00" PM_USER=sfown pm-action done "$_a5" --result 已增补 \
		>/dev/null 2>"$T/.sferr" ||
		{ echo "# seed_safety: after the month"; cat "$T/.sferr"; return 1; }
}
