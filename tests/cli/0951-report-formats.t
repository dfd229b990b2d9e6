#!/bin/sh
# pm-report monthly -o text|md|html show the figures -o json has: on the
# seeded month (tests/cli/report-seed.sh, two sites), field by field,
# every figure's value this month, last month and a year ago in each
# document's figure tables is the JSON's, formatted by pm-report(1)'s
# rules (also on a merged report holding the rules' edges); the
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
# json_values FILE: per figure of the report, in order, "key<TAB>cur<TAB>prev<TAB>yoy"
# as pm-report(1) says a document writes them.
json_values() {
	jq -r '
	def pad2: tostring | if length < 2 then "0" + . else . end;
	def mins: if . < 60 then "\(.)min"
		elif . < 2880 then (if . % 60 == 0 then "\(. / 60 | floor)h"
			else "\(. / 60 | floor)h\(. % 60 | pad2)m" end)
		else (. / 1440 | floor) as $d | (. % 1440 / 60 | floor) as $h | (. % 60) as $m |
			if $m != 0 then "\($d)d\($h)h\($m | pad2)m"
			elif $h != 0 then "\($d)d\($h)h" else "\($d)d" end end;
	def hund: "\(. / 100 | floor).\(. % 100 | pad2)";
	def group: tostring | if length > 3 then (.[0:length - 3] | group) + "," + .[length - 3:]
		else . end;
	def show($k): if . == null then "-"
		elif $k == "count" then "\(.n)"
		elif $k == "fen" then "¥\(.fen / 100 | floor | group).\(.fen % 100 | pad2)"
		elif $k == "ratio" then "\(.pct | hund)%"
		elif $k == "mean" then (.mean | hund)
		else "\(.p50 | mins) / p90 \(.p90 | mins) (n \(.n))" end;
	.figures | to_entries[] | .key as $key | .value.kind as $k | .value |
	[$key, (.cur | show($k)), (.prev | show($k)), (.yoy | show($k))] | join("\t")' "$1"
}

# doc_values FMT FILE: the figure tables' rows of a document, in order,
# "cur<TAB>prev<TAB>yoy" (this month, last month, a year ago).
doc_values() {
	jq -R -r -s --arg fmt "$1" '
	def strip: sub("^ +"; "") | sub(" +$"; "");
	split("\n") as $l |
	if $fmt == "md" then
		[foreach $l[] as $x ({in: false, row: null};
			if ($x | startswith("| figure | this month |")) then {in: true, row: null}
			elif .in and ($x | startswith("| ---")) then .row = null
			elif .in and ($x | startswith("| ")) then .row = ($x | split(" | ") | .[1:])
			else {in: false, row: null} end;
			select(.row != null) | .row | [.[0], .[1], .[3]] | join("\t"))] | .[]
	elif $fmt == "html" then
		[foreach $l[] as $x ({in: false, row: null};
			if ($x | test("<th>figure</th><th>this month</th>")) then {in: true, row: null}
			elif .in and ($x | startswith("</table>")) then {in: false, row: null}
			elif .in and ($x | test("^<tr[^>]*><td>")) then
				.row = ($x | sub("</td></tr>$"; "") | split("</td><td class=\"n\">") | .[1:])
			else .row = null end;
			select(.row != null) | .row | [.[0], .[1], .[3]] | join("\t"))] | .[]
	else
		[foreach $l[] as $x ({ends: null, row: null};
			if ($x | startswith("  figure ")) then
				{ends: [("this month", "last month", "change", "a year ago") as $h |
					($x | index($h)) + ($h | length)], row: null}
			elif .ends != null and ($x | length) > 0 then
				.ends as $e |
				.row = [($x[0:$e[0]] | split("  ") | map(select(. != "")) | last | strip),
					($x[$e[0]:$e[1]] | strip), ($x[$e[2]:$e[3]] | strip)]
			else {ends: null, row: null} end;
			select(.row != null) | .row | join("\t"))] | .[]
	end' "$2" | sed 's/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g'
}

# same_values NAME JSON FMT DOC: every figure's cur, prev and yoy in the
# document is the JSON's, by the documented rule, row by row.
same_values() {
	json_values "$2" > "$T/want.$3"
	doc_values "$3" "$4" > "$T/got.$3"
	if [ "$(wc -l < "$T/want.$3")" -ne "$(wc -l < "$T/got.$3")" ]; then
		_notok "$1 ($(wc -l < "$T/want.$3") figures in json, $(wc -l < "$T/got.$3") rows in $3)"
		return
	fi
	_bad=$(paste "$T/want.$3" "$T/got.$3" |
	    awk -F '\t' '$2 != $5 || $3 != $6 || $4 != $7 { print $1 ": json " $2 " | " $3 " | " $4 "; doc " $5 " | " $6 " | " $7 }')
	is "$1 ($(wc -l < "$T/want.$3") figures, cur prev yoy)" "" "$_bad"
}

for f in md text html; do
	same_values "$f shows every figure's values as json has them" r.json $f r.$f
done
# the same on a report holding the edges of the rules (merge recomputes
# what is derived): durations across an hour, 48 hours and a day, a
# large amount
jq -c '.figures["complaints.resolve"].cur.hist = [[2800, 5], [2900, 5]] |
	.figures["complaints.response"].cur.hist = [[0, 1], [59, 3], [61, 1], [1439, 5]] |
	.figures["maintenance.fix"].prev.hist = [[2881, 9], [18719, 1]] |
	.figures["fees.billed_fen"].cur.fen = 123456789' r.json > edge.json
ok "edge: json" pm-report merge edge.json -o json
cp "$T/.out" e.json
for f in md text html; do
	ok "edge: $f" pm-report merge edge.json -o $f
	cp "$T/.out" e.$f
	same_values "edge: $f shows every figure's values as json has them" e.json $f e.$f
done
is "2800 and 2900 minutes exactly (not 2d)" "46h40m / p90 2d0h20m (n 10)" \
    "$(doc_values md e.md | sed -n 4p | cut -f1)"
is "an hour and a minute, a day less a minute" "1h01m / p90 23h59m (n 10)" \
    "$(doc_values text e.text | sed -n 3p | cut -f1)"
is "money grouped" "¥1,234,567.89" "$(doc_values html e.html | grep -F '¥1,234,567.89' | cut -f1)"
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
