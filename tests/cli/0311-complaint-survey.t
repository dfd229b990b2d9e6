#!/bin/sh
# pm-complaint survey: new from YAML, import (idempotent, all or nothing,
# FILE:LINE errors, -n), stats with exact integers, list, permissions.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new li --name 李客服 --roles service --dept service >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
for u in 1-101 1-102 1-103 1-104; do pm-unit unit new $u --area 90 >/dev/null; done
pm-unit unit new P-1 --area 12 --kind parking >/dev/null
export PM_USER=li
j() { "$@" -o json >"$T/.j" 2>"$T/.err"; st=$?; if [ $st -eq 0 ] && jq -e . "$T/.j" >/dev/null 2>&1; then _ok "json: $*"; else _notok "json: $* (exit $st)"; fi; }
row() { printf '%s' "$1"; shift; for v in "$@"; do printf '\t%s' "$v"; done; }

cat > autumn.yaml <<'Y'
code: autumn
title: 2026 秋季业主满意度调查
questions:
  - text: 维修是否及时
  - text: 保洁
    kind: score
  - text: 其他建议
    kind: text
Y
ok "survey new" pm-complaint survey new autumn.yaml
out_is "prints the code" autumn
fails 65 "the same code again" pm-complaint survey new autumn.yaml
err_has "says so" "survey autumn: already exists"
printf 'title: t\nquestions:\n  - text: a\n    kind: stars\n' > bad.yaml
fails 65 "bad kind" pm-complaint survey new bad.yaml
err_has "file:line:col" "bad.yaml:4:11: "
printf 'title: t\nquestion:\n  - text: a\n' > typo.yaml
fails 65 "unknown key" pm-complaint survey new typo.yaml
err_has "names it" 'typo.yaml:2:1: unknown key "question"'
fails 66 "missing file" pm-complaint survey new nosuch.yaml
fails 64 "no file" pm-complaint survey new
printf 'title: 无代码\nquestions:\n  - text: 总体满意度\n' > plain.yaml
j pm-complaint survey new plain.yaml
is "no code: named by number" 2 "$(jq -r .survey "$T/.j")"

cat > a.csv <<'C'
site,unit,q1,q2,q3
sunny,1-101,5,4,很好
sunny,1-102,2,,
,1-103,4,5,
C
ok "import" pm-complaint survey import autumn a.csv
out_is "3 inserted" "$(row 3 0 0)"
audit=$(pm-admin audit | wc -l)
ok "import again" pm-complaint survey import autumn a.csv
out_is "0 changes" "$(row 0 0 3)"
is "no audit rows" "$audit" "$(pm-admin audit | wc -l)"

# q1: 5 2 4 of 4 units (not the parking space): 75 %, mean 11/3 -> 3.67,
# satisfied 2/3 -> 66.67 %; q2: 4 5; q3 is text
s1=$(row 1 score 维修是否及时 3 4 75.00 3.67 66.67)
s2=$(row 2 score 保洁 2 4 50.00 4.50 100.00)
s3=$(row 3 text 其他建议 1 4 25.00 "" "")
ok "stats" pm-complaint survey stats autumn
out_is "per question" "$s1
$s2
$s3"

printf 'unit,q1\n1-104,3\n1-102,7\n' > bad.csv
fails 65 "a bad score" pm-complaint survey import autumn bad.csv
err_has "file:line" "bad.csv:3: q1: a score is 1 to 5, not \"7\""
ok "stats after the failure" pm-complaint survey stats autumn
out_is "nothing written (1-104 on line 2 neither)" "$s1
$s2
$s3"
printf 'unit,q1\n1-101,5\n1-101,4\n' > dup.csv
fails 65 "a unit twice" pm-complaint survey import autumn dup.csv
err_has "names both lines" "dup.csv:3: unit 1-101: already on line 2"
printf 'unit,q1\nP-1,5\n' > park.csv
fails 65 "a parking space" pm-complaint survey import autumn park.csv
printf 'unit,q1\n9-999,5\n' > unk.csv
fails 65 "an unknown unit" pm-complaint survey import autumn unk.csv
err_has "names it" "unk.csv:2: unit 9-999: no such unit"
printf 'unit,q9\n1-101,5\n' > col.csv
fails 65 "a question the survey lacks" pm-complaint survey import autumn col.csv
fails 66 "unknown survey" pm-complaint survey import spring a.csv
fails 66 "missing answers file" pm-complaint survey import autumn nosuch.csv
fails 64 "one operand" pm-complaint survey import autumn

printf '{"unit":"1-104","q1":1,"q3":"电梯太慢"}\n' > b.jsonl
ok "-n: check only" pm-complaint -n survey import autumn b.jsonl
out_is "would insert 1" "$(row 1 0 0)"
ok "stats unchanged by -n" pm-complaint survey stats autumn
out_is "same" "$s1
$s2
$s3"
ok "jsonl import" sh -c 'pm-complaint survey import autumn - --jsonl < b.jsonl'
out_is "1 inserted" "$(row 1 0 0)"
printf 'unit,q2\n1-102,1\n' > c.csv
ok "a changed row" pm-complaint survey import autumn c.csv
out_is "1 updated" "$(row 0 1 0)"
ok "stats by number" pm-complaint survey stats 1
out_is "q1 lost 1-102's answer (the row replaces it), q2 and q3 gained" "$(row 1 score 维修是否及时 3 4 75.00 3.33 66.67)
$(row 2 score 保洁 3 4 75.00 3.33 66.67)
$(row 3 text 其他建议 2 4 50.00 "" "")"
j pm-complaint survey stats autumn
is "json numbers" "3.33 66.67 null" "$(jq -r '"\(.mean) \(.satisfied_pct)"' "$T/.j" | head -2 | tail -1) $(jq -c .mean "$T/.j" | tail -1)"
j pm-complaint survey import autumn c.csv
j pm-complaint survey list
ok "list" pm-complaint survey list
out_is "both surveys" "$(row autumn 2026\ 秋季业主满意度调查 sunny 2026-11-30T09:00:00+08:00 3 4)
$(row 2 无代码 sunny 2026-11-30T09:00:00+08:00 1 0)"
fails 66 "stats of an unknown survey" pm-complaint survey stats 99
fails 64 "stats needs a survey" pm-complaint survey stats

# permissions: service staff run surveys, maintenance may only read
fails 77 "maint may not create surveys" env PM_USER=wang pm-complaint survey new plain.yaml
fails 77 "maint may not import" env PM_USER=wang pm-complaint survey import autumn a.csv
ok "maint may read" env PM_USER=wang pm-complaint survey stats autumn
done_testing
