#!/bin/sh
# pm-report kpi and the documents, the safety figures: the built-in
# targets (coverage >= 98 %, hazards rectified in time >= 90 %, no
# action overdue) missed on the seeded month, exit 1; targets changed,
# turned off and added by report.kpi (a count, a dist's median); the
# text and md documents show the same figures as the JSON, in Chinese
# under zh_CN; pm-action review --kpi reads the tsv.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/report-seed.sh"
report_org || _notok "setup: organisation"
report_site S1 && seed_safety S1 || _notok "setup: seed_safety S1"
export PM_NOW="$REPORT_NOW"

fails 1 "the safety targets are missed" pm-report kpi --month 2026-11 -o tsv
is "one line each, the figure as shown" "patrols.coverage	55.56%	>= 98.00%	0
patrols.hazards_in_time	33.33%	>= 90.00%	0
actions.overdue	2	<= 0	0" "$(grep -E '^(patrols|actions)\.' "$T/.out")"
ok "last month" pm-report kpi --month 2025-09 -o tsv
is "no figure misses no target" "patrols.coverage	-	>= 98.00%	1
patrols.hazards_in_time	-	>= 90.00%	1
actions.overdue	0	<= 0	1" "$(grep -E '^(patrols|actions)\.' "$T/.out")"

mkdir -p config/pm
cat > config/pm/config.yaml <<'Y'
report:
  kpi:
    patrols.coverage: ">= 50%"
    patrols.hazards_in_time: "off"
    actions.overdue: "<= 2"
    patrols.hazards_overdue: "<= 1"
    patrols.incident_response: "<= 30min"
Y
fails 1 "targets of the config" pm-report kpi --month 2026-11 -o tsv
is "changed, off, added" "patrols.coverage	55.56%	>= 50.00%	1
actions.overdue	2	<= 2	1
patrols.hazards_overdue	2	<= 1	0
patrols.incident_response	25min	<= 30min	1" "$(grep -E '^(patrols|actions)\.' "$T/.out")"
pm-report kpi --month 2026-11 -o tsv > kpi.tsv
ok "pm-action review --kpi reads it" pm-action review --month 2026-11 --site S1 --kpi kpi.tsv -o md
out_has "the missed one listed" "patrols\.hazards\\\\?_overdue.*<= 1"
rm config/pm/config.yaml

ok "text" pm-report monthly --month 2026-11 -o text
out_has "coverage beside last month and a year ago" "checkpoint coverage +55\.56% +66\.67% .* 33\.33% +>= 98\.00% \(missed\)"
out_has "the missed target marked" "^! checkpoint coverage"
out_has "overdue hazards" "hazards overdue +2 +1 "
out_has "the response's median and p90" "incident response +25min / p90 1h30m \(n 2\)"
out_has "the site's row" "S1花园 +55\.56% +3 +1"
ok "md" pm-report monthly --month 2026-11 -o md
out_has "a row of the table" "rounds walked.*\| *2 *\|"
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 ok "text in Chinese" pm-report monthly --month 2026-11 -o text
out_has "the section" "巡逻与安全"
out_has "the labels" "巡检点覆盖率 +55\.56%"
out_has "the level's name" "一般 +2"
out_has "actions" "超期整改措施 +2"
done_testing
