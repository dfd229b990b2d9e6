#!/bin/sh
# Chinese text in the HTML documents is drawn, not boxes ("tofu"): a
# CJK font is installed, the document's font stack finds it, and every
# Chinese character pm can print (every msgstr of po/zh_CN.po) and every
# one of a Chinese report draws as a glyph of its own.
#
# Why this check (chromium.sh tofu): Chromium falls back through every
# installed font, so comparing the document's fonts with one lacking CJK
# proves nothing (the fallback finds the same glyphs); and the DOM does
# not say which font drew a character.  What tofu looks like is known:
# every character without a glyph is drawn as the same .notdef box (or
# nothing).  So each character is drawn alone in a cell, and a cell
# without ink, or two cells alike, is a character not drawn — checked on
# code points no font has, which must be flagged.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/chromium.sh"
need_chromium

n=$(fc-list :lang=zh family 2>/dev/null | wc -l)
if [ "$n" -gt 0 ]; then _ok "a CJK font is installed (fc-list :lang=zh: $n)"
else _notok "a CJK font is installed (fc-list :lang=zh; scripts/install-deps: fonts-noto-cjk)"; fi
# the first family of the stack is what fonts-noto-cjk installs
fam=$(fc-match -f '%{family}' 'Noto Sans CJK SC' 2>/dev/null)
case $fam in
*CJK*|*Han*|*Hei*|*Ming*|*Song*) _ok "the stack's first family resolves ($fam)" ;;
*) _notok "the stack's first family resolves (fc-match: $fam)" ;;
esac

po="$PM_TESTS/../../po/zh_CN.po"
report_fixture s1
ok "monthly -o html" pm-report monthly --month "$REPORT_MONTH" -o html
cp "$T/.out" r.html

# every translated message: a page of them in the document's <style>
{
	printf '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body><p>\n'
	sed -n 's/^msgstr "\(.*\)"$/\1/p; s/^msgstr\[[0-9]\] "\(.*\)"$/\1/p' "$po" |
	    sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g'
	printf '</p></body></html>\n'
} > po.html
c=$(rpy chars po.html)
k=$(printf '%s' "$c" | python3 -c 'import sys; print(len(sys.stdin.read()))')
if [ "$k" -ge 300 ]; then _ok "the catalogue's Chinese: $k characters"; else _notok "the catalogue's Chinese: $k characters"; fi
tofu "the catalogue" r.html "$c"
# the report's own (labels in zh_CN, names typed in Chinese): a subset
# of the catalogue's and the fixture's, drawn in its page
c=$(rpy chars r.html)
if [ -n "$c" ]; then tofu "the report" r.html "$c"
else _ok "the report has no Chinese of its own (its labels untranslated): the catalogue's cover it"; fi
done_testing
