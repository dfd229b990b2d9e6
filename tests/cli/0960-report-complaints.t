#!/bin/sh
# pm-report monthly: the complaints section on a seeded month (seed_care,
# tests/cli/report-seed-care.sh) — every figure and table exact in the
# JSON: counts, the open ones at the month's end, response and
# resolution minutes with their histograms, in time, repeats,
# satisfaction, visit coverage; a contact reopened after the month still
# counts resolved in it; labels in Chinese.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/report-seed.sh"
report_db "$PM_DB" S1 || _notok "seed"
export PM_NOW="$REPORT_NOW"
care_json r --month 2026-11
is "received" 6 "$(care_fig complaints.received)"
is "open at the month's end: the one reopened on 11-29 and the untouched suggestion" 2 \
	"$(care_fig complaints.open)"
is "response: 5 20 30 60 min, nearest-rank p50 the 2nd, p90 the 4th" \
	"4:20:60 5*1,20*1,30*1,60*1" "$(care_fig complaints.response)"
is "resolution: 45 min, 2 h, 12 days (reopened in December, resolved in November)" \
	"3:120:17280 45*1,120*1,17280*1" "$(care_fig complaints.resolve)"
is "in time: C3 late against the due time of November (its December reopen set a later one)" \
	2/3 "$(care_fig complaints.in_time)"
is "repeat: the second leak at 1-101" 1/6 "$(care_fig complaints.repeat)"
is "satisfaction: scores 5 3 4, satisfied from 4" 2/3 "$(care_fig complaints.satisfaction)"
is "mean score" 12/3 "$(care_fig complaints.satisfaction_mean)"
is "mean in hundredths" 400 "$(jq '.figures["complaints.satisfaction_mean"].cur.mean' "$T/r.json")"
is "visit coverage: both contacts closed at the month's end were visited" 2/2 \
	"$(care_fig complaints.visit_coverage)"
is "ratio hundredths" "6667 1667" "$(jq -r '[.figures["complaints.satisfaction"].cur.pct,
	.figures["complaints.repeat"].cur.pct] | join(" ")' "$T/r.json")"
is "by kind" "complaint=3 inquiry=1 repair=1 suggestion=1" "$(care_rows complaints.by_kind)"
is "by channel" "phone=2 letter=1 online=1 walkin=1 wechat=1" \
	"$(care_rows complaints.by_channel)"
is "by category, unclassified as -" "维修/漏水=3 -=1 收费/物业费=1 环境/噪音=1" \
	"$(care_rows complaints.by_category)"
is "top problems: category|SITE/BUILDING, a public place by its site" \
	"维修/漏水|S1/1=3 -|S1=1 收费/物业费|S1/1=1 环境/噪音|S1/2=1" \
	"$(care_rows complaints.top_problems)"
is "top problems' labels" "1号楼 · 维修/漏水,S1花园 · -" \
	"$(jq -r '[.tables["complaints.top_problems"].rows[0:2][].label] | join(",")' "$T/r.json")"
is "every complaints figure" "complaints.in_time complaints.open complaints.received complaints.repeat complaints.resolve complaints.response complaints.satisfaction complaints.satisfaction_mean complaints.visit_coverage" \
	"$(jq -r '[.figures | keys[] | select(startswith("complaints."))] | join(" ")' "$T/r.json")"
is "kpi: satisfaction 66.67% < 90% missed, in time 66.67% < 95% missed" "false false" \
	"$(jq -r '[.figures["complaints.satisfaction"].met, .figures["complaints.in_time"].met] | join(" ")' "$T/r.json")"

# the row labels: the msgid in the JSON (the same in every language),
# the reader's language in the documents
ok "zh_CN json" env LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 pm-report monthly --month 2026-11 -o json
cp "$T/.out" "$T/zh.json"
is "kinds and channels: the msgids" "Complaint Telephone" "$(jq -r '[.tables["complaints.by_kind"].rows[0].label,
	.tables["complaints.by_channel"].rows[0].label] | join(" ")' "$T/zh.json")"
same_file "the JSON of C and zh_CN" "$T/r.json" "$T/zh.json"
ok "text" env LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 pm-report monthly --month 2026-11 -o text
out_has "the section's title in Chinese" "投诉"
out_has "kinds in Chinese" "^  投诉 +[0-9]"
out_has "channels in Chinese" "^  电话 +[0-9]"
out_has "the satisfaction figure" "66.67%"

# the same report at a later time: November's figures do not move
k=$(PM_NOW="2026-12-10 09:00" pm-complaint new --site S1 --unit 1-101 --category 维修/漏水 \
	--text 再漏 --received "2026-12-10 08:00")
ok "a December contact" test -n "$k"
ok "later" env PM_NOW="2026-12-20 09:00" pm-report monthly --month 2026-11 -o json
is "complaints the same as of the month's end" \
	"$(jq -c '[.figures | to_entries[] | select(.key | startswith("complaints."))]' "$T/r.json")" \
	"$(jq -c '[.figures | to_entries[] | select(.key | startswith("complaints."))]' "$T/.out")"
done_testing
