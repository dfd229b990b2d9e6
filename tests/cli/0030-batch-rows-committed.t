#!/bin/sh
# A writer prints a row only once what it reports is committed (pm(7)
# Storage): a batch that fails on its last ID rolls back and prints
# nothing, not the rows of the IDs before it; a success prints them all;
# a verb that commits in bounded batches (escalate -) prints each batch's
# rows after that batch's commit, so what it printed is what it kept.
# The rule is the shared front's, so every tool keeps it.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new zhao --name 赵经理 --roles manager --dept mgmt >/dev/null 2>&1
pm-unit site new s1 --name 阳光花园 --kind residential >/dev/null
for i in 1 2 3 4; do
	pm-action new --text "措施 $i" --owner zhao --source report:2026-11 --due 2026-12-10 >/dev/null
	pm-complaint new --kind complaint --channel phone --text "投诉 $i" >/dev/null
done
status() { sqlite3 -readonly "$PM_DB" "SELECT status FROM $1 WHERE id = $2"; }

# one transaction: A4 cannot be cancelled, so A3 is not either
ok "A4 cancelled first" pm-action cancel A4 --reason 重复
is "which prints it" "A4	cancelled	zhao" "$(cat "$T/.out")"
fails 65 "A3 then A4: A4 cannot be cancelled" sh -c "printf 'A3\nA4\n' | pm-action cancel --reason x -"
is "nothing printed: A3's row was rolled back" "" "$(cat "$T/.out")"
is "A3 is still open" open "$(status action 3)"
fails 65 "the same as a table" sh -c "printf 'A3\nA4\n' | pm-action -o table cancel --reason x -"
is "not even the header" "" "$(cat "$T/.out")"
fails 65 "or as json" sh -c "printf 'A3\nA4\n' | pm-action -o json cancel --reason x -"
is "no object" "" "$(cat "$T/.out")"
ok "A1 and A2 both can" sh -c "printf 'A1\nA2\n' | pm-action cancel --reason x -"
is "both rows, after the commit" "A1	cancelled	zhao
A2	cancelled	zhao" "$(cat "$T/.out")"
is "A1 cancelled" cancelled "$(status action 1)"

# another tool, the same front
ok "C1 rejected first" pm-complaint reject C1 --reason 无效
fails 65 "C3 then C1: C1 cannot be rejected again" sh -c "printf 'C3\nC1\n' | pm-complaint reject - --reason x"
is "nothing printed" "" "$(cat "$T/.out")"
is "C3 is still new" new "$(status contact 3)"
fails 65 "operands too" pm-complaint reject C3 C1 --reason x
is "nothing printed for operands" "" "$(cat "$T/.out")"
ok "C3 alone" pm-complaint reject C3 --reason x
out_is "prints it" "C3	rejected"

# bounded batches: commits every 2 records, then a bad ID
sqlite3 "$PM_DB" "BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 7)
INSERT INTO contact (kind, channel, site_id, text, priority, status, received_at,
    response_due, resolve_due, due_at)
SELECT 'complaint', 'phone', 1, 'late ' || i, 'normal', 'new', 1764000000 + i,
       1764000000 + i + 3600, 1764000000 + i + 86400, 1764000000 + i + 3600 FROM n;
COMMIT;"
mkdir -p config/pm
printf 'batch_records: 2\n' > config/pm/config.yaml
pm-complaint list --overdue -o id > ids
n=$(wc -l < ids)
echo C99999 >> ids
fails 66 "escalate - fails at the unknown ID" sh -c 'pm-complaint escalate - < ids'
esc=$(sqlite3 -readonly "$PM_DB" 'SELECT count(*) FROM contact WHERE esc_level > 0')
is "some batches committed before it ($esc of $n)" yes \
    "$([ "$esc" -ge 2 ] && [ "$esc" -lt "$n" ] && echo yes || echo no)"
is "it printed exactly the escalations it kept" "$esc" "$(wc -l < "$T/.out")"
is "each printed one is escalated" "$esc" "$(cut -f1 "$T/.out" | while read -r c; do
	sqlite3 -readonly "$PM_DB" "SELECT id FROM contact WHERE esc_level > 0 AND id = ${c#C}"; done | wc -l)"
ok "a rerun completes the rest" sh -c 'pm-complaint list --overdue -o id | pm-complaint escalate -'
is "and prints the rest" $((n - esc)) "$(wc -l < "$T/.out")"
done_testing
