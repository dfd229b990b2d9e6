#!/bin/sh
# pm-admin audit: filters, formats, Chinese text, append-only.
. "$PM_TESTS/lib.sh"
PM_NOW="2026-11-01 08:00" pm-admin init >/dev/null 2>&1
PM_NOW="2026-11-10 10:00" PM_USER=wang pm-admin backup 备份一.db
PM_NOW="2026-11-20 10:00" PM_USER=li pm-admin backup "b2 \"quoted\".db"

ok "audit lists everything" pm-admin audit
is "three rows" 3 "$(wc -l < "$T/.out")"
ok "tsv columns" pm-admin audit --limit 1
out_has "id, time, actor, tool, entity, id, action" '^1	2026-11-01T08:00:00\+08:00	admin	pm-admin	database		init	'

ok "json" pm-admin -o json audit
ok "json parses with jq" jq -e . "$T/.out"
is "Chinese file name round-trips" "备份一.db" "$(pm-admin -o json audit --actor wang | jq -r .after.file)"
is "quotes round-trip" 'b2 "quoted".db' "$(pm-admin -o json audit --actor li | jq -r .after.file)"
is "time is ISO 8601 with offset" "2026-11-10T10:00:00+08:00" "$(pm-admin -o json audit --actor wang | jq -r .at)"

is "--actor filters" "wang" "$(pm-admin audit --actor wang | cut -f3)"
is "--since is inclusive" "2 3" "$(pm-admin audit --since 2026-11-10T10:00 | cut -f1 | tr '\n' ' ' | sed 's/ $//')"
is "--until is exclusive" "1" "$(pm-admin audit --until '2026-11-10 10:00' | cut -f1)"
is "--since relative to PM_NOW" "3" "$(PM_NOW=2026-11-21 pm-admin audit --since -2d | cut -f1)"
is "--entity with id" "" "$(pm-admin audit --entity database:x)"
is "--action" "1" "$(pm-admin audit --action init | cut -f1)"
is "--reverse --limit 1 is the newest" "3" "$(pm-admin audit --reverse --limit 1 | cut -f1)"
ok "csv" pm-admin -o csv audit
out_has "csv header" '^.?.?.?id,at,actor,tool,entity,entity_id,action,before,after'
ok "id format" pm-admin -o id audit
ok "table format" pm-admin -o table audit
out_has "table has a header" '^id +at +actor'
ok "--header with tsv" pm-admin --header audit --limit 1
out_has "tsv header line" '^id	at	actor	tool'

# ---- the operating-system user beside the claimed actor
me=$(id -un 2>/dev/null || id -u)
is "every row names the OS user that ran it" "$me $me $me" \
  "$(pm-admin audit | cut -f10 | tr '\n' ' ' | sed 's/ $//')"
is "json has it" "$me" "$(pm-admin -o json audit --limit 1 | jq -r .os_user)"
is "--os-user filters" 3 "$(pm-admin audit --os-user "$me" | wc -l)"
is "--os-user of nobody who ran pm" "" "$(pm-admin audit --os-user no-such-user)"
if [ "$(id -u)" -eq 0 ]; then
	# a claimed actor (PM_USER=wang) run by another OS user: both are on file
	chmod 755 "$T"; chmod 1777 "$T"; chmod 666 pm.db
	ok "another OS user backs up, claiming to be wang" \
	  setpriv --reuid=65534 --regid=65534 --clear-groups -- env PM_USER=wang pm-admin backup nb.db
	chmod 600 pm.db; chmod 700 "$T"
	is "actor and OS user differ" "wang nobody" \
	  "$(pm-admin -o json audit --os-user nobody | jq -r '"\(.actor) \(.os_user)"')"
	ok "--os-user with --actor" pm-admin audit --os-user nobody --actor wang
	out_has "one row" '^4	'
else
	ok "skip: another OS user needs root (setpriv)" true
	ok "skip" true
	ok "skip" true
	ok "skip" true
fi

fails 64 "--since with a bad date" pm-admin audit --since 2023-02-29
err_has "names the option and the date" "since.*2023-02-29"
fails 64 "--limit 0" pm-admin audit --limit 0
fails 64 "unknown option" pm-admin audit --frobnicate
err_has "names it" "frobnicate"
fails 64 "missing value" pm-admin audit --since

pm-admin audit | wc -l > n.before
run sqlite3 pm.db 'DELETE FROM audit'
is "DELETE on audit is refused" "yes" "$([ $st -ne 0 ] && grep -q append-only "$T/.err" && echo yes)"
run sqlite3 pm.db "UPDATE audit SET actor='x'"
is "UPDATE on audit is refused" "yes" "$([ $st -ne 0 ] && echo yes)"
is "log intact" "$(cat n.before)" "$(pm-admin audit | wc -l)"

done_testing
