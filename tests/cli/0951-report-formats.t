#!/bin/sh
# pm-report monthly -o text|md|html show the figures -o json has: on the
# seeded month (tests/cli/report-seed.sh, two sites), every figure's
# value this month, as a person reads it, is in each document; the
# sections are there in order; html is one self-contained page.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/report-seed.sh"
report_db "$PM_DB" S1 S2 || { echo "not ok 1 - seed"; done_testing; exit 1; }
export PM_NOW="$REPORT_NOW"
ok "json" pm-report monthly --month "$REPORT_MONTH" -o json
cp "$T/.out" r.json
for f in text md html; do
	ok "$f" pm-report monthly --month "$REPORT_MONTH" -o "$f"
	cp "$T/.out" "r.$f"
done
# a value as the documents write it (figure.c): counts as is, money
# ¥1,234.50, ratios 12.34%, means 4.25, distributions by their median
jq -r '.figures | to_entries[] | select(.value.cur != null) | .value as $v | $v.cur |
	if $v.kind == "count" then .n
	elif $v.kind == "fen" then "¥" + ((.fen / 100 | floor | tostring |
	    [scan("\\d+?(?=(\\d{3})*$)")] | join(",")) + "." + ((.fen % 100 + 100) | tostring | .[1:]))
	elif $v.kind == "ratio" then ((.pct / 100 | floor | tostring) + "." + ((.pct % 100 + 100) | tostring | .[1:]) + "%")
	elif $v.kind == "mean" then ((.mean / 100 | floor | tostring) + "." + ((.mean % 100 + 100) | tostring | .[1:]))
	else "(n \(.n))" end' r.json > values
n=0 missing=""
while IFS= read -r v; do
	n=$((n + 1))
	for f in text md html; do
		grep -qF -- "$v" "r.$f" || missing="$missing $f:$v"
	done
done < values
is "every figure's value in every document ($n values)" "" "$missing"
for f in text md html; do
	is "$f: the five sections in order" "1 2 3 4 5" \
	    "$(grep -oE '(^|[ #>])[1-5]\. (Complaints|Maintenance|Patrols and safety|Fees|Improvement actions)' "r.$f" |
	    grep -oE '[1-5]' | tr '\n' ' ' | sed 's/ $//')"
	out_is_month=$(grep -c "2026-11" "r.$f")
	[ "$out_is_month" -gt 0 ] && _ok "$f: names the month" || _notok "$f: names the month"
done
is "html: one page" "1" "$(grep -c '<!DOCTYPE html>' r.html)"
is "html: no scripts, no external assets" "" "$(grep -oiE '<script|<link|src=\"http|url\(http' r.html)"
# a row for every KPI in the documents' target column, marked when missed
missed=$(jq -r '[.kpi[] | select(.met == false)] | length' r.json)
is "text marks each missed target" "$missed" "$(grep -c '(missed)' r.text)"
# Chinese labels in zh_CN
LC_ALL=zh_CN.UTF-8 LANGUAGE=zh_CN ok "zh_CN" pm-report monthly --month "$REPORT_MONTH" -o text
out_has "Chinese headings" '投诉|月报'
done_testing
