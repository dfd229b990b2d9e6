#!/bin/sh
# The shared front end: usage, help, global options anywhere, clock, output errors.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1

fails 64 "no arguments: usage, 64" pm-admin
err_has "usage on stderr" "^usage: pm-admin"
fails 64 "unknown verb: 64" pm-admin frob
err_has "names the verb" "unknown verb 'frob'"
run pm-admin "$(printf 'x\033[31m')"
is "an escape in a verb is not echoed raw" "no" "$(grep -q "$(printf '\033')" "$T/.err" && echo yes || echo no)"
ok "--help" pm-admin --help
out_has "lists the verbs" "^  audit "
ok "verb --help" pm-admin audit --help
out_has "verb usage" "^usage: pm-admin audit \[--since DATE\]"
ok "help VERB" pm-admin help check
out_has "same help" "^usage: pm-admin check"
ok "--version" pm-admin --version
out_has "version" "^pm-admin [0-9]+\.[0-9]+\.[0-9]+$"

ok "global option after the verb" pm-admin audit -o json --limit 1
out_has "json chosen after the verb" '^\{"id":1,'
ok "global option before the verb" pm-admin -o json audit --limit 1
out_has "json chosen before the verb" '^\{"id":1,'
ok "--format=json form" pm-admin --format=json audit --limit 1
fails 64 "unknown format" pm-admin -o xml audit
err_has "lists the formats" "table, tsv, csv, json, id"
fails 64 "-o without value" pm-admin audit -o

PM_NOW="not a date" run pm-admin audit
is "malformed PM_NOW is a usage error" 64 "$st"
PM_NOW="2026-11-30T01:30:00Z" pm-admin backup z.db
is "PM_NOW in UTC, shown in Shanghai" "2026-11-30T09:30:00+08:00" \
  "$(pm-admin -o json audit --action backup | jq -r .at)"

fails 64 "a malformed --as" pm-admin --as 'Bad User' audit
ok "--as is recorded in the audit log" env PM_NOW="2026-11-30 10:00" pm-admin --as zhang backup y.db
is "actor zhang" zhang "$(pm-admin audit --action backup --reverse --limit 1 | cut -f3)"

if [ -w /dev/full ]; then
	run sh -c 'pm-admin audit > /dev/full'
	is "a full disk on stdout exits 74" 74 "$st"
	err_has "and says write error" "write error"
fi
# a log long enough that head closes the pipe while pm-admin still writes
sqlite3 pm.db "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
  INSERT INTO audit (at, actor, tool, entity, action) SELECT 1796000400, 'x', 't', 'e', 'a' FROM n"
run sh -c 'pm-admin audit | head -n 1'
is "a closed pipe is quiet" "" "$(cat "$T/.err")"
is "head got one line" 1 "$(wc -l < "$T/.out")"
( pm-admin audit; echo $? > rc ) | head -n 1 >/dev/null
is "a closed pipe exits 0" 0 "$(cat rc)"

# a closed stdin is not empty input: "-" says it cannot read it (74)
pm-org staff new admin --name 管理员 >/dev/null 2>&1
run sh -c 'exec pm-unit site import - <&-'
is "IDs or rows from a closed stdin: 74" 74 "$st"
err_has "says so" "^pm-unit: -: cannot read stdin: it is closed$"
run sh -c "exec pm-unit site import - </dev/null"
is "an empty stdin is read as such (65, no header)" 65 "$st"
run sh -c 'exec pm-admin audit >&-'
is "a closed stdout still fails the write" 74 "$st"

done_testing
