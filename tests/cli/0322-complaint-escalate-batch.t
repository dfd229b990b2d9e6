#!/bin/sh
# escalate - commits in bounded batches (issue 8 item 13): at most
# batch_records contacts or PM_CLI_BATCH_MS (50 ms) under one write lock,
# so an intake never waits long behind a big escalation; a failure rolls
# back only its batch and a rerun completes the rest.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new s1 --name 阳光花园 --kind residential >/dev/null
# late contacts by SQL: N of them, all past their first response
late() {
	sqlite3 "$PM_DB" "BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
INSERT INTO contact (kind, channel, site_id, text, priority, status, received_at,
    response_due, resolve_due, due_at)
SELECT 'complaint', 'phone', 1, 'bulk ' || i, 'normal', 'new', 1764000000 + i,
       1764000000 + i + 3600, 1764000000 + i + 86400, 1764000000 + i + 3600 FROM n;
COMMIT;"
}
escalated() { sqlite3 -readonly "$PM_DB" 'SELECT count(*) FROM contact WHERE esc_level > 0'; }
late 650
mkdir -p config/pm
printf 'batch_records: 100\n' > config/pm/config.yaml

# a bad ID after 650 good ones: the batches before it stay committed
{ pm-complaint list --overdue -o id; echo C99999; } > ids
is "650 late contacts, then a bad ID" 651 "$(grep -c '^C[0-9]' ids)"
fails 66 "escalate - fails at the unknown ID" sh -c 'pm-complaint escalate - < ids'
err_has "names it" "complaint C99999: no such complaint"
n=$(escalated)
# (a batch also ends after 50 ms, so on a busy machine they are smaller:
# at most one batch, the one it failed in, is rolled back)
is "the batches before it are committed (at most 100 rolled back: 550 to 650, got $n)" yes \
    "$([ "$n" -ge 550 ] && [ "$n" -le 650 ] && echo yes || echo no)"
is "each with its audit row" "$n" "$(pm-admin audit | grep -c '	contact	C[0-9]*	escalate')"
ok "a rerun completes the rest" sh -c 'pm-complaint list --overdue -o id | pm-complaint escalate -'
is "it escalates only what was left" $((650 - n)) "$(wc -l < "$T/.out")"
is "all 650 escalated once" 650 "$(escalated)"
ok "and a third run changes nothing" sh -c 'pm-complaint list --overdue -o id | pm-complaint escalate -'
is "quiet" "" "$(cat "$T/.out")"

# an intake while a big escalation runs gets the lock between two
# batches: with a 1 s busy timeout, every one gets in, and the longest
# wait is reported (one transaction for the whole run held the lock for
# all of it, about two seconds for 60,000 here and more on a slow disk,
# and intakes failed)
late 60000
rm config/pm/config.yaml
printf 'busy_timeout: 1s\n' > intake.yaml
pm-complaint list --overdue -o id > ids
( pm-complaint escalate - < ids > esc.out 2> esc.err; echo $? > esc.st ) &
pid=$!
tries=0 failed=0 maxms=0
while kill -0 $pid 2>/dev/null; do
	tries=$((tries + 1))
	t0=$(date +%s%N)
	pm-complaint -c intake.yaml new --text "报修 $tries" >/dev/null 2>>intake.err ||
	    failed=$((failed + 1))
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	[ "$ms" -gt "$maxms" ] && maxms=$ms
done
wait $pid
is "the escalation of 60,000 succeeded" 0 "$(cat esc.st)"
is "and escalated them all" 60000 "$(wc -l < esc.out)"
is "every intake during it got in ($tries tries, $failed failed, the slowest ${maxms} ms)" 0 "$failed"
[ -s intake.err ] && sed 's/^/#   /' intake.err | sort | uniq -c | head -n 3
is "intakes did run meanwhile" yes "$([ "$tries" -ge 1 ] && echo yes || echo no)"
done_testing
