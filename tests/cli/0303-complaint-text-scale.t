#!/bin/sh
# pm-complaint: hostile text stored as given and printed harmlessly;
# invalid UTF-8 refused; list of the newest open contacts among 1,000,000.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
esc=$(printf 'A\033[31mRED\033]0;title\007 \342\200\256evil')
ok "escape sequences and bidi overrides are stored" pm-complaint new --text "$esc" --name "$(printf 'x\033[2J')"
is "stored as given (json round trip)" "$esc" "$(pm-complaint -o json show C1 | jq -r .text)"
ok "table output" pm-complaint -o table list
is "no ESC byte reaches the terminal" no "$(grep -q "$(printf '\033')" "$T/.out" && echo yes || echo no)"
is "no bidi override reaches the terminal" no "$(grep -q "$(printf '\342\200\256')" "$T/.out" && echo yes || echo no)"
ok "show as a table" pm-complaint -o table show C1
is "show is harmless too" no "$(grep -q "$(printf '\033')" "$T/.out" && echo yes || echo no)"
fails 65 "invalid UTF-8 refused" pm-complaint new --text "$(printf 'bad \377 byte')"
fails 65 "invalid UTF-8 from stdin refused" sh -c 'printf "x\300\257" | pm-complaint new --text -'
ok "SQL is just text" pm-complaint new --text "'); DROP TABLE contact; --"
is "stored verbatim" "'); DROP TABLE contact; --" "$(pm-complaint -o json show C2 | jq -r .text)"
fails 65 "text over text.max_chars" pm-complaint new --text "$(head -c 3000 /dev/zero | tr '\0' x)"

# 1,000,000 contacts, 1 in 20 open, in one transaction
sqlite3 "$PM_DB" "
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
INSERT INTO contact (kind, channel, site_id, text, priority, status, received_at, response_due,
    resolve_due, due_at)
SELECT 'complaint', 'phone', 1, 'bulk ' || i, 'normal',
       CASE WHEN i % 20 = 0 THEN 'assigned' ELSE 'closed' END,
       1764000000 + i * 30, 1764000000 + i * 30 + 86400, 1764000000 + i * 30 + 432000,
       CASE WHEN i % 20 = 0 THEN 1764000000 + i * 30 + 432000 END
FROM n;
COMMIT;"
is "a million rows" 1000002 "$(sqlite3 "$PM_DB" 'SELECT count(*) FROM contact')"
export PM_NOW="2026-12-31 00:00"
ok "list the 50 newest open" pm-complaint list --limit 50
is "50 rows" 50 "$(wc -l < "$T/.out")"
is "newest first" "C2" "$(head -n 1 "$T/.out" | cut -f 1)"
ok "a terminal table shows the 50 newest by default" pm-complaint -o table list
is "header + 50 rows" 51 "$(wc -l < "$T/.out")"
plan=$(sqlite3 "$PM_DB" "EXPLAIN QUERY PLAN SELECT id FROM contact c WHERE c.status <> 'closed' AND c.status <> 'rejected' AND c.status <> 'duplicate' AND c.received_at <= 1796000000 ORDER BY c.received_at DESC, c.id DESC LIMIT 50")
is "the open-contacts index serves it" yes "$(printf '%s' "$plan" | grep -q 'USING INDEX contact_open' && echo yes || echo no)"
is "no temporary sort" no "$(printf '%s' "$plan" | grep -q 'TEMP B-TREE' && echo yes || echo no)"
# (under valgrind the peak is valgrind's own: measured only natively)
if [ -x /usr/bin/time ] && [ "${PM_VALGRIND:-0}" != 1 ]; then
	/usr/bin/time -f %M pm-complaint list --all --limit 0 >/dev/null 2>"$T/rss"
	rss=$(tail -n 1 "$T/rss")
	is "streaming all 1,000,000 stays under 32 MiB ($rss KiB)" yes "$([ "$rss" -lt 32768 ] && echo yes || echo no)"
fi
ok "overdue among a million" pm-complaint list --overdue --limit 5 -o id
is "5 rows" 5 "$(wc -l < "$T/.out")"
done_testing
