#!/bin/sh
# pm-report monthly -o html in headless Chromium: the first A4 screen
# as a 1240x1754 PNG (an A4 page at 150 dpi), the whole page laid out
# within its body, printed on A4 pages, every Chinese character drawn
# (chromium.sh page_checks).  Skips only without chromium.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/chromium.sh"
need_chromium
report_fixture s1 s2

ok "monthly -o html" pm-report monthly --month "$REPORT_MONTH" -o html
cp "$T/.out" r.html
if grep -qiE "<script|<link|src=|@import|url\(|https?:" r.html; then _notok "self-contained"; else _ok "self-contained"; fi

shot r.html r.png 1240 1754
if [ -s r.png ]; then _ok "a screenshot"; else _notok "a screenshot"; sed 's/^/#   /' "$T/chrome.log" | tail -n 5; fi
is "1240x1754" "1240 1754" "$(rpy size r.png 2>&1)"
# the title at the top of the body, nothing in the page's side margins
set -- $(rpy nonwhite r.png 200 0 1040 120 0 0 200 1754 1040 0 1240 1754)
if [ "${1:-0}" -gt 200 ]; then _ok "the title drawn ($1 px)"; else _notok "the title drawn (${1:-} px)"; fi
is "the margins white" "0 0" "${2:-} ${3:-}"

page_checks monthly r.html
done_testing
