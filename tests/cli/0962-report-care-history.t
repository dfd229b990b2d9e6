#!/bin/sh
# pm-report monthly: the care sections' last month and a year ago — the
# prev and yoy slots of November are October's and November 2025's own
# reports (cur), each exact; an empty month has counts 0 and no ratios.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/report-seed.sh"
report_db "$PM_DB" S1 || _notok "seed"
export PM_NOW="$REPORT_NOW"
care_json r --month 2026-11
care_json oct --month 2026-10
care_json yoy --month 2025-11

# October: a contact handled in 50 min (satisfied), one never touched
# (late); one pump fault, 15 min on site, fixed in 45, 80 yuan
for f in "complaints.received 2" "complaints.open 1" "complaints.response 1:10:10 10*1" \
    "complaints.resolve 1:50:50 50*1" "complaints.in_time 1/2" "complaints.repeat 0/2" \
    "complaints.satisfaction 1/1" "complaints.satisfaction_mean 5/1" \
    "complaints.visit_coverage 1/1" "maintenance.planned_due 0" \
    "maintenance.planned_on_time -" "maintenance.faults 1" "maintenance.onsite 1:15:15 15*1" \
    "maintenance.fix 1:45:45 45*1" "maintenance.cost_fen 8000"; do
	k=${f%% *} v=${f#* }
	is "October $k" "$v" "$(care_fig "$k" prev)"
	is "the same in October's own report" "$v" "$(care_fig "$k" cur "$T/oct.json")"
done
is "October's categories" "-=1 环境/卫生=1" "$(care_rows complaints.by_category prev)"
is "October's equipment" "S1/CPMP-1=1/8000" "$(care_rows maintenance.top_equipment prev)"
is "October's own equipment table" "S1/CPMP-1=1/8000" \
	"$(care_rows maintenance.top_equipment cur "$T/oct.json")"

# November 2025: a door fixed in 3 h, a dissatisfied visit; no work order
for f in "complaints.received 1" "complaints.open 0" "complaints.response 1:15:15 15*1" \
    "complaints.resolve 1:180:180 180*1" "complaints.in_time 1/1" "complaints.repeat 0/1" \
    "complaints.satisfaction 0/1" "complaints.satisfaction_mean 2/1" \
    "complaints.visit_coverage 1/1" "maintenance.planned_due 0" "maintenance.faults 0" \
    "maintenance.onsite -" "maintenance.fix -" "maintenance.cost_fen 0"; do
	k=${f%% *} v=${f#* }
	is "a year ago $k" "$v" "$(care_fig "$k" yoy)"
	is "the same in its own report" "$v" "$(care_fig "$k" cur "$T/yoy.json")"
done
is "a year ago: top problems" "维修/门窗|S1/1=1" "$(care_rows complaints.top_problems yoy)"
is "its kind and channel" "complaint=1 phone=1" \
	"$(care_rows complaints.by_kind yoy) $(care_rows complaints.by_channel yoy)"

# a month with nothing: counts 0, ratios and times no figure
care_json e --month 2026-03
is "empty month" "0 0 - - - 0 0 0 - 0" "$(for k in complaints.received complaints.open \
    complaints.in_time complaints.response complaints.satisfaction maintenance.planned_due \
    maintenance.faults maintenance.cost_fen maintenance.fix; do care_fig $k cur "$T/e.json"; done |
    paste -sd' ' -) $(jq '[.tables["complaints.by_category"].rows[]] | length' "$T/e.json")"
done_testing
