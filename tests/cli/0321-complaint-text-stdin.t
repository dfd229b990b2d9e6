#!/bin/sh
# Text from stdin and text shown on a terminal (issue 8 item 12): an
# over-long --text - is too long, with its length, wherever the limit
# cuts a character; empty stdin says so; tsv, csv and id written to a
# terminal are made harmless as a table is (pipes keep the data); table
# output escapes line separators, zero-width characters and U+FEFF.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
ok "a first contact" pm-complaint new --text 漏水

# rep N CHAR: CHAR N times, no newline
rep() { awk -v n="$1" -v c="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", c }'; }
# 2000 characters at most: 8001 bytes of stdin are kept, the rest counted
rep 3000 汉 > cjk.txt
fails 65 "3000 CJK characters on stdin (cut mid-character at the limit)" \
    sh -c 'pm-complaint new --text - < cjk.txt'
err_has "is too long, with the right count" "text: too long \(3000 characters, at most 2000\)"
rep 20000 a > long.txt
fails 65 "20000 ASCII characters on stdin" sh -c 'pm-complaint new --text - < long.txt'
err_has "counts them all" "too long \(20000 characters, at most 2000\)"
{ rep 2001 漏; echo; } > one-over.txt
fails 65 "2001 characters and a newline" sh -c 'pm-complaint note C1 --text - < one-over.txt'
err_has "the newline is not counted" "too long \(2001 characters, at most 2000\)"
rep 2000 漏 > at-limit.txt
ok "exactly 2000 CJK characters are taken" sh -c 'pm-complaint new --text - < at-limit.txt'
is "stored whole" 2000 "$(pm-complaint -o json show C2 | jq -r '.text | length')"
{ rep 2000 漏; echo; } > at-limit-nl.txt
ok "2000 and the line's newline" sh -c 'pm-complaint note C1 --text - < at-limit-nl.txt'
fails 65 "invalid UTF-8 within the limit is still that" sh -c 'printf "x\300\257" | pm-complaint new --text -'
err_has "says so" "invalid UTF-8"
fails 64 "empty stdin" sh -c 'pm-complaint new --text - < /dev/null'
err_has "says stdin is empty" "^pm-complaint: --text -: stdin is empty"
fails 64 "a lone newline is empty too" sh -c 'echo | pm-complaint note C1 --text -'
err_has "says so" "stdin is empty"
is "nothing written" 2 "$(pm-complaint list -o id | wc -l)"

# On a terminal (script(1) gives one), every format is harmless.
esc=$(printf 'A\033[31mRED\342\200\250x\342\200\213y\357\273\277z\342\200\256')
ok "hostile text" pm-complaint new --text "$esc"
is "stored as given" "$esc" "$(pm-complaint -o json show C3 | jq -r .text)"
for f in table tsv csv id; do
	pm-complaint list -o $f > pipe.$f
done
is "in a pipe, tsv keeps the bytes" yes "$(grep -q "$(printf '\033')" pipe.tsv && echo yes || echo no)"
is "in a pipe, csv keeps the bytes" yes "$(grep -q "$(printf '\342\200\250')" pipe.csv && echo yes || echo no)"
is "table: no ESC, U+2028, U+200B, U+FEFF, U+202E" no \
    "$(grep -q "$(printf '\033\|\342\200\250\|\342\200\213\|\357\273\277\|\342\200\256')" pipe.table && echo yes || echo no)"
is "table: each escaped visibly" 1 "$(grep -c 'A\\e\[31mRED\\u2028x\\u200By\\uFEFFz\\u202E' pipe.table)"
if command -v script >/dev/null 2>&1 && script -qc true /dev/null >/dev/null 2>&1; then
	for f in tsv csv id; do
		script -qc "pm-complaint list -o $f" /dev/null > tty.$f
		is "$f on a terminal: no ESC, U+2028, U+200B, U+FEFF, U+202E" no \
		    "$(grep -q "$(printf '\033\|\342\200\250\|\342\200\213\|\357\273\277\|\342\200\256')" tty.$f && echo yes || echo no)"
	done
	is "tsv on a terminal: the text escaped visibly" 1 "$(grep -c 'A\\e\[31mRED\\u2028x\\u200By\\uFEFFz\\u202E' tty.tsv)"
	is "csv on a terminal: the same" 1 "$(grep -c 'A\\e\[31mRED\\u2028x\\u200By\\uFEFFz\\u202E' tty.csv)"
	is "tsv on a terminal has its columns" 3 "$(grep -c "$(printf '\t')" tty.tsv)"
else
	for f in tsv csv id; do _ok "# SKIP $f on a terminal (no script(1))"; done
	for f in 1 2 3; do _ok "# SKIP (no script(1))"; done
fi
done_testing
