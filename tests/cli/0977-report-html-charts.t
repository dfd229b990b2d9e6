#!/bin/sh
# The monthly report's charts in headless Chromium: one inline SVG per
# charted table that has rows (complaints by category: bars; coverage by
# site and arrears ageing: columns; the collection-rate trend: a line),
# none in text and md; each drawn where the page lays it out — pixels of
# the series colour (#2b5c8a, PM_CHART_INK) inside every chart's box in
# the screenshot, none outside the boxes (nothing else is that colour).
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/chromium.sh"
need_chromium
report_fixture s1 s2
INK=2b5c8a
# the tables the sections chart (figure.h PM_FIG_CHART_*) that have rows
charted() {
	jq '[.tables | to_entries[] | select(.key == "complaints.by_category" or
	    .key == "patrols.coverage_by_site" or .key == "fees.ageing" or .key == "fees.trend")
	    | select(.value.rows | length > 0)] | length' "$1"
}

ok "monthly -o json" pm-report monthly --month "$REPORT_MONTH" -o json
cp "$T/.out" r.json
want=$(charted r.json)
echo "# charted tables with rows: $want"
ok "monthly -o html" pm-report monthly --month "$REPORT_MONTH" -o html
cp "$T/.out" r.html
is "a chart per charted table with rows" "$want" "$(grep -c '^<svg class="chart"' r.html)"
is "each in a figure that is not split" "$want" "$(grep -c '^<figure class="chart">$' r.html)"
for f in text md; do
	ok "monthly -o $f" pm-report monthly --month "$REPORT_MONTH" -o "$f"
	if grep -q "svg" "$T/.out"; then _notok "no chart in $f"; else _ok "no chart in $f"; fi
done

j=$(measure r.html)
is "laid out: $want charts" "$want" "$(jget "$j" 'len(v["charts"])')"
h=$(jget "$j" 'v["h"]')
shot r.html r.png 1240 "$h"
is "the page whole" "1240 $h" "$(rpy size r.png)"
# the boxes, then the whole page: ink inside each, and the page's ink
# all inside them
boxes=$(jget "$j" '" ".join(" ".join(str(x) for x in b) for b in v["charts"])')
counts=$(rpy ink r.png "$INK" 12 $boxes 0 0 1240 "$h" | tr '\n' ' ')
inside=0 i=0
for c in $counts; do
	i=$((i + 1))
	if [ "$i" -gt "$want" ]; then total=$c; break; fi
	inside=$((inside + c))
	if [ "$c" -ge 30 ]; then _ok "chart $i drawn ($c px of the series colour)"
	else _notok "chart $i drawn ($c px of the series colour)"; fi
done
if [ "$want" -eq 0 ]; then _ok "no charted table has rows in this build's sections"; fi
is "nothing of the series colour outside the charts" "0" "$(( ${total:-0} - inside ))"

# one site: its own charts, laid out the same way
ok "--site s1 -o html" pm-report monthly --month "$REPORT_MONTH" --site s1 -o html
cp "$T/.out" s1.html
ok "--site s1 -o json" pm-report monthly --month "$REPORT_MONTH" --site s1 -o json
want=$(charted "$T/.out")
is "--site s1: a chart per charted table with rows" "$want" "$(grep -c '^<svg class="chart"' s1.html)"
done_testing
