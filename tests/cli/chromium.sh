# chromium.sh — the HTML documents as a person sees them: rendered by
# headless Chromium (Debian's chromium package) to PNG and PDF, and read
# back with render.py (PNG decoded with zlib, no PIL).  For the tests
# 0975-0979; source it after lib.sh.
#
# need_chromium: the browser, or the whole test skipped with a reason
#   (TAP "1..0 # SKIP"): the only skip; CI installs chromium and
#   fonts-noto-cjk (scripts/install-deps), so CI runs these.
# chrome ARG...: chromium headless as root can run it (--no-sandbox),
#   no GPU, a profile of its own under $T, device scale 1 (a CSS pixel is
#   a pixel of the PNG), 120 s at most; its chatter to $T/chrome.log.
# shot HTML PNG W H: a screenshot of the page in a W x H window.
# measure HTML: the page laid out at width 1240, measured by a script
#   added to a copy (the documents have none): prints JSON
#   {"w","h": the document's scroll size, "vw": the window's width,
#    "body": [left, right] of the body's content box,
#    "charts": [[x0, y0, x1, y1], ...] of every svg.chart,
#    "over": ["TAG right", ...] elements reaching past the body}
# pdf HTML PDF: print the page (its @page: A4) without header and footer.
# grid HTML CHARS OUT: a page of CHARS, one a 48 px cell, 20 a row, in
#   the document's own <style> (so its font stack) — render.py cells.
# report_fixture SITE...: the report tests' database (report-seed.sh
#   report_db of every SITE) at $PM_DB, PM_NOW at REPORT_NOW, and the
#   Chinese locale where it is there (install-deps makes it); a failed
#   fixture is one failed test.
# jget JSON EXPR: python3's reading of a measure value.
# rpy ARG...: render.py.

CHROMIUM=
need_chromium() {
	for c in ${PM_CHROMIUM:-} chromium chromium-browser google-chrome; do
		if command -v "$c" >/dev/null 2>&1; then CHROMIUM=$(command -v "$c"); break; fi
	done
	if [ -z "$CHROMIUM" ]; then
		printf '1..0 # SKIP no chromium (scripts/install-deps installs it)\n'
		exit 0
	fi
	if ! command -v python3 >/dev/null 2>&1; then
		printf '1..1\nnot ok 1 - python3 (render.py reads the PNG)\n'
		exit 0
	fi
}

report_fixture() {
	. "$PM_TESTS/report-seed.sh"
	report_db "$PM_DB" "$@" || { printf '1..1\nnot ok 1 - the report fixture\n'; exit 0; }
	PM_NOW=$REPORT_NOW
	zh_locale
}

zh_locale() {
	if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then LC_ALL=zh_CN.UTF-8; fi
}

chrome() {
	timeout 120 "$CHROMIUM" --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
	    --no-first-run --no-default-browser-check --disable-extensions --mute-audio \
	    --force-device-scale-factor=1 --user-data-dir="$T/chrome" "$@" 2>>"$T/chrome.log"
}

_url() { case $1 in /*) printf 'file://%s' "$1" ;; *) printf 'file://%s/%s' "$(pwd)" "$1" ;; esac; }

shot() { rm -f "$2"; chrome --screenshot="$2" --window-size="$3,$4" "$(_url "$1")" >/dev/null; }

pdf() { rm -f "$2"; chrome --no-pdf-header-footer --print-to-pdf="$2" "$(_url "$1")" >/dev/null; }

rpy() { python3 "$PM_TESTS/render.py" "$@"; }

jget() { python3 -c 'import json,sys; v=json.loads(sys.argv[1]); print(eval(sys.argv[2], {"v": v, "len": len}))' "$1" "$2"; }

_MEASURE='<script>
(function () {
  var de = document.documentElement, body = document.body, cs = getComputedStyle(body);
  var r = body.getBoundingClientRect(), o = { w: de.scrollWidth, h: de.scrollHeight, vw: window.innerWidth };
  o.body = [r.left + parseFloat(cs.paddingLeft), r.right - parseFloat(cs.paddingRight)];
  o.charts = [].map.call(document.querySelectorAll("svg.chart"), function (e) {
    var b = e.getBoundingClientRect();
    return [b.left + scrollX, b.top + scrollY, b.right + scrollX, b.bottom + scrollY].map(Math.round);
  });
  o.over = [];
  [].forEach.call(body.querySelectorAll("*"), function (e) {
    var b = e.getBoundingClientRect();
    if (b.width > 0 && b.right > o.body[1] + 1) o.over.push(e.tagName + " " + Math.round(b.right));
  });
  var p = document.createElement("pre");
  p.id = "pm-measure";
  p.textContent = JSON.stringify(o);
  body.appendChild(p);
})();
</script>'

measure() {
	_m="$T/.measure.html"
	awk -v s="$_MEASURE" '/<\/body>/ { print s } { print }' "$1" >"$_m"
	chrome --window-size=1240,1754 --dump-dom "$(_url "$_m")" |
	    sed -n 's/.*<pre id="pm-measure">\(.*\)<\/pre>.*/\1/p' | sed 's/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g'
}

grid() {
	{
		printf '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
		sed -n '/<style>/,/<\/style>/p' "$1"
		printf '<style>body { margin: 0; padding: 0; max-width: none; } '
		printf '.g { width: 960px; font-size: 0; line-height: 0; } '
		printf '.g span { display: inline-block; width: 48px; height: 48px; font-size: 32px; '
		printf 'line-height: 48px; text-align: center; overflow: hidden; vertical-align: top; }</style>\n'
		printf '</head>\n<body><div class="g">'
		printf '%s' "$2" | python3 -c 'import sys, html; print("".join("<span>%s</span>" % html.escape(c) for c in sys.stdin.read()))'
		printf '</div></body>\n</html>\n'
	} >"$3"
}

# the checks every rendered document gets, named by what: the page as
# laid out (nothing past the body: what fits 180 mm on screen fits the
# A4 page less its margins, the same 180 mm), its right margin white in
# the screenshot, printed on A4 pages, every Chinese character drawn
page_checks() {
	_pc_what=$1 _pc_html=$2
	_pc_j=$(measure "$_pc_html")
	if [ -n "$_pc_j" ]; then _ok "$_pc_what: measured"; else _notok "$_pc_what: measured"; return; fi
	is "$_pc_what: no horizontal scroll" "True" "$(jget "$_pc_j" 'v["w"] <= v["vw"]')"
	is "$_pc_what: nothing reaches past the body" "[]" "$(jget "$_pc_j" 'v["over"]')"
	_pc_h=$(jget "$_pc_j" 'v["h"]')
	_pc_r=$(jget "$_pc_j" 'int(v["body"][1]) + 2')
	shot "$_pc_html" "$T/.full.png" 1240 "$_pc_h"
	is "$_pc_what: a full-page screenshot 1240x$_pc_h" "1240 $_pc_h" "$(rpy size "$T/.full.png" 2>&1)"
	_pc_nw=$(rpy nonwhite "$T/.full.png" "$_pc_r" 0 1240 "$_pc_h" 0 0 1240 "$_pc_h" | tr '\n' ' ')
	is "$_pc_what: white right of the body (x >= $_pc_r)" "0" "${_pc_nw%% *}"
	_pc_nw=${_pc_nw#* }
	_pc_nw=${_pc_nw% }
	if [ "$_pc_nw" -gt 2000 ]; then _ok "$_pc_what: something drawn ($_pc_nw px)"; else _notok "$_pc_what: something drawn ($_pc_nw px)"; fi
	pdf "$_pc_html" "$T/.page.pdf"
	_pc_p=$(rpy pdf "$T/.page.pdf" 2>&1)
	_pc_n=$(printf '%s\n' "$_pc_p" | sed -n 's/^pages //p')
	if [ "${_pc_n:-0}" -ge 1 ]; then _ok "$_pc_what: printed ($_pc_n pages)"; else _notok "$_pc_what: printed"; echo "# $_pc_p"; fi
	# A4 is 595.28 x 841.89 points
	is "$_pc_what: every page A4" "595 842" "$(printf '%s\n' "$_pc_p" | awk '/^mediabox/ { print $3, $4 }' | sort -u)"
	# its Chinese, if any (labels in zh_CN, names typed in Chinese)
	_pc_c=$(rpy chars "$_pc_html")
	[ -n "$_pc_c" ] && tofu "$_pc_what" "$_pc_html" "$_pc_c"
	return 0
}

# tofu WHAT HTML CHARS: every character of CHARS drawn in the document's
# font stack.  A missing glyph is drawn as the font's .notdef box, the
# same for every missing character, or as nothing; so every cell must
# have ink and no two cells the same ink (render.py cells).  Checked
# against code points no font has (unassigned U+0378, U+0379, U+0380,
# U+0381 and private-use U+E000, U+E001), which the check must see.
tofu() {
	if [ -z "$3" ]; then _notok "$1: no Chinese characters to draw"; return; fi
	_pc_k=$(printf '%s' "$3" | python3 -c 'import sys; print(len(sys.stdin.read()))')
	grid "$2" "$3" "$T/.grid.html"
	shot "$T/.grid.html" "$T/.grid.png" 960 $(( ($_pc_k + 19) / 20 * 48 ))
_pc_bad=$(rpy cells "$T/.grid.png" "$_pc_k" 48 20 2>&1)
	if [ -z "$_pc_bad" ]; then _ok "$1: no tofu ($_pc_k characters drawn, all different)"
	else _notok "$1: no tofu"; printf '%s\n' "$_pc_bad" | head -n 5 | sed 's/^/#   /'; fi
	grid "$2" "$(printf '\315\270\315\271\316\200\316\201\356\200\200\356\200\201')" "$T/.ctl.html"
	shot "$T/.ctl.html" "$T/.ctl.png" 960 48
	_pc_bad=$(rpy cells "$T/.ctl.png" 6 48 20 2>&1 | wc -l)
	if [ "$_pc_bad" -ge 5 ]; then _ok "$1: the check sees missing glyphs ($_pc_bad of 6 control cells)"
	else _notok "$1: the check sees missing glyphs ($_pc_bad of 6 control cells)"; fi
}
