#!/bin/sh
# pm-patrol incident stats --year: counts by kind, site and severity,
# escalations, response times (nearest-rank median and p90); a bad
# grouping is a usage error.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit site new hill --name 山景苑 --kind residential >/dev/null
# four fires resolved after 1, 2, 3 and 10 minutes; a theft still open
# and escalated; a fire of last year
for m in 1 2 3 10; do
	s=sunny; [ $m -eq 10 ] && s=hill
	id=$(pm-patrol incident open --kind fire --site $s --text 火 --at "2026-11-30 08:00" -o id)
	pm-patrol incident resolve "$id" --at "$(printf '2026-11-30 08:%02d' $m)"
done
pm-patrol incident open --kind theft --site sunny --text 盗 --severity major -o id >/dev/null
pm-patrol incident escalate I5 >/dev/null
pm-patrol incident open --kind fire --site sunny --text 旧 --at "2025-06-01 10:00" -o id >/dev/null

ok "stats --year 2026 --by kind" pm-patrol incident stats --year 2026 --by kind
out_is "counts and response times" "$(printf '%s\n' \
	'kind	fire	4	0	4	0	0	120	600' \
	'kind	theft	1	1	0	0	1		')"
ok "by site" pm-patrol incident stats --year 2026 --by site -o json
is "sunny" "4 1 120" "$(jq -r 'select(.key == "sunny") | "\(.incidents) \(.escalated) \(.response_p50_s)"' "$T/.out")"
ok "by severity" pm-patrol incident stats --year 2026 --by severity -o tsv
out_is "general and major" "$(printf '%s\n' \
	'severity	general	4	0	4	0	0	120	600' \
	'severity	major	1	1	0	0	1		')"
ok "default: every section" pm-patrol incident stats -o tsv
is "kind, site, severity" "kind kind site site severity severity" "$(cut -f1 "$T/.out" | tr '\n' ' ' | sed 's/ $//')"
ok "last year" pm-patrol incident stats --year 2025 --by kind
out_is "the old fire alone" "$(printf 'kind\tfire\t1\t1\t0\t0\t0\t\t')"
ok "a year without incidents" pm-patrol incident stats --year 2020
out_is "no rows" ""
ok "table" pm-patrol -o table incident stats --by kind
out_has "response in minutes" "2min"
fails 64 "a bad grouping" pm-patrol incident stats --by colour
err_has "names the groupings" "kind, site, severity"
fails 64 "a bad year" pm-patrol incident stats --year 20266
done_testing
