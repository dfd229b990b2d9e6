#!/bin/sh
# pm-report in two languages: monthly -o json is the same bytes under C
# and zh_CN (table rows of pm's words carry the English msgid, the
# data's labels are as they are); the documents translate those labels;
# merge of a C run and a zh_CN run does not mix languages; kpi's header
# reads 目标 (its own msgctxt, not pm-fee's "target" column, 去向).
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/report-seed.sh"
zh=zh_CN.UTF-8
report_db "$PM_DB" S1 S2 || { echo "not ok 1 - seed"; done_testing; exit 1; }
export PM_NOW="$REPORT_NOW"
M=$REPORT_MONTH

LC_ALL=C ok "json under C" pm-report monthly --month $M -o json
cp "$T/.out" c.json
label() { jq -r --arg t "$1" --arg k "$2" '.tables[$t].rows[] | select(.key == $k) | .label' c.json; }
is "rows of pm's words carry the msgid" "Repair request|Telephone|general|1-30 days" \
    "$(label complaints.by_kind repair)|$(label complaints.by_channel phone)|$(label patrols.incidents_by_level general)|$(label fees.ageing 1_1-30)"
is "the data's labels as they are" "S1花园|维修/漏水" \
    "$(jq -r '[.tables["patrols.coverage_by_site"].rows[0].label,
	.tables["complaints.by_category"].rows[0].label] | join("|")' c.json)"

if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' ||
   [ ! -f "${PM_LOCALEDIR:-}/zh_CN/LC_MESSAGES/pm.mo" ]; then
	echo "# skipped the zh_CN part: no zh_CN.UTF-8 locale or no catalogue"
	done_testing
	exit 0
fi
for v in "env -u LC_ALL LANG=$zh" "env LC_ALL=$zh" "env LC_ALL=C LANGUAGE=zh_CN"; do
	$v pm-report monthly --month $M -o json > zh.json 2>"$T/.err"
	same_file "json the same bytes: $v" c.json zh.json
done
for site in S1 S2; do
	LC_ALL=C pm-report monthly --month $M --site $site -o json > c-$site.json
	LC_ALL=$zh pm-report monthly --month $M --site $site -o json > zh-$site.json
	same_file "json of site $site the same bytes" c-$site.json zh-$site.json
done

LC_ALL=$zh ok "text under zh_CN" pm-report monthly --month $M -o text
cp "$T/.out" zh.text
out_has "a kind in Chinese" "^  报修 +2 "
out_has "a channel" "^  电话 +4 "
out_has "a severity" "^  一般 +4 "
out_has "an ageing bucket" "^  1-30天 "
if grep -qE "Repair request|Telephone|1-30 days|^  general " zh.text; then
	_notok "no English row label left"; else _ok "no English row label left"; fi
out_has "the data's labels as they are" "^  S1花园 "
LC_ALL=$zh ok "html under zh_CN" pm-report monthly --month $M -o html
out_has "the chart's labels too" '<svg.*报修|<text[^>]*>报修<|>维修/漏水<'
LC_ALL=C ok "text under C" pm-report monthly --month $M -o text
out_has "English under C" "^  Repair request +2 "

# merge: a site run under C and one under zh_CN
LC_ALL=$zh ok "merge of a C and a zh_CN run, under zh_CN" pm-report merge c-S1.json zh-S2.json -o text
cp "$T/.out" merged.zh
out_has "Chinese labels" "^  报修 +2 "
if grep -qE "Repair request|Telephone" merged.zh; then
	_notok "no English in the merged document"; else _ok "no English in the merged document"; fi
LC_ALL=C ok "merged json" pm-report merge c-S1.json zh-S2.json -o json
cp "$T/.out" merged.json
is "merged rows: one per key, the msgid" "complaint:Complaint inquiry:Inquiry repair:Repair request suggestion:Suggestion" \
    "$(jq -r '[.tables["complaints.by_kind"].rows[] | "\(.key):\(.label)"] | join(" ")' merged.json)"
is "the merged tables equal those of the report of both sites" "$(jq -cS .tables c.json)" \
    "$(jq -cS .tables merged.json)"
LC_ALL=$zh pm-report merge zh-S1.json c-S2.json -o json > merged2.json
same_file "merged in either language, the same bytes" merged.json merged2.json

# kpi: the target column is the KPI's 目标, not pm-fee's 去向
LC_ALL=$zh run pm-report kpi --month $M -o table
is "kpi exits 1 (targets missed)" 1 "$st"
is "the Chinese header" "指标 值 目标 达标" "$(head -n 1 "$T/.out" | tr -s ' ')"
LC_ALL=C pm-report kpi --month $M -o tsv --header > c.tsv
LC_ALL=$zh pm-report kpi --month $M -o tsv --header > zh.tsv
same_file "kpi -o tsv the same bytes" c.tsv zh.tsv
is "tsv keeps the name" "kpi	value	target	met" "$(head -n 1 zh.tsv)"
LC_ALL=C pm-report kpi --month $M -o json > c.kpi.json
LC_ALL=$zh pm-report kpi --month $M -o json > zh.kpi.json
same_file "kpi -o json the same bytes" c.kpi.json zh.kpi.json
done_testing
