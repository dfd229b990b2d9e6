#!/bin/sh
# The report's html prints well: the print rules are in its one <style>
# (A4 with margins, headings kept with what follows, rows and charts not
# split, a long table's header repeated, colours kept), and in headless
# Chromium every variant — one site, and the merge of two sites'
# reports — lays out within its body and prints on A4 pages
# (chromium.sh page_checks).
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/chromium.sh"
need_chromium
report_fixture s1 s2

ok "monthly --site s1 -o html" pm-report monthly --month "$REPORT_MONTH" --site s1 -o html
cp "$T/.out" s1.html
for rule in '@page \{ size: A4; margin: 18mm 15mm; \}' \
    'h1, h2, h3 \{ break-after: avoid; page-break-after: avoid;' \
    'thead \{ display: table-header-group; \}' \
    'tr \{ break-inside: avoid; page-break-inside: avoid; \}' \
    'figure.chart \{ margin: 4pt 0 10pt; break-inside: avoid; page-break-inside: avoid; \}' \
    'print-color-adjust: exact'; do
	if grep -qE -- "$rule" s1.html; then _ok "css: $rule"; else _notok "css: $rule"; fi
done
page_checks "one site" s1.html

ok "s1 -o json" pm-report monthly --month "$REPORT_MONTH" --site s1 -o json
cp "$T/.out" a.json
ok "s2 -o json" pm-report monthly --month "$REPORT_MONTH" --site s2 -o json
cp "$T/.out" b.json
ok "merge -o html" pm-report merge a.json b.json -o html
cp "$T/.out" m.html
page_checks "merged" m.html
done_testing
