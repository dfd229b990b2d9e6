#!/bin/sh
# pm-patrol drills: plan, record with findings, list, show, cancel; drill
# due under a fixed clock: a key site whose last fire drill was 7 months
# ago is overdue, one 5 months ago is not; a site that never held a kind
# is said so; every failure path with its exit status.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit site new hill --name 山景苑 --kind residential >/dev/null
pm-unit site new plaza --name 万达广场 --kind commercial >/dev/null
pm-org staff new liu --name 刘 --roles security --dept security >/dev/null 2>&1
pm-org staff new kefu --name 客服 --roles service --dept service >/dev/null 2>&1
mkdir -p config/pm
printf 'drill:\n  key_sites: sunny,hill\n' > config/pm/config.yaml
export PM_USER=liu
j() { "$@" -o json >"$T/.j" 2>"$T/.err"; st=$?; if [ $st -eq 0 ] && jq -e . "$T/.j" >/dev/null 2>&1; then _ok "json: $*"; else _notok "json: $* (exit $st)"; fi; }
f() { pm-patrol -o json drill show "$1" | jq -r ".$2"; }

ok "plan" pm-patrol drill plan --kind fire --site sunny --date 2026-04-30 --text "夜间疏散"
out_is "prints the ID" D1
ok "record" pm-patrol drill record D1 --participants 36 --minutes 50 \
	--findings "3号楼消防通道堆放杂物" --findings "应急广播音量不足" --date 2026-04-30
quiet "record is quiet"
is "done" done "$(f D1 status)"
is "held" 2026-04-30 "$(f D1 held)"
is "participants" 36 "$(f D1 participants)"
is "findings numbered" "1 3号楼消防通道堆放杂物|2 应急广播音量不足" \
	"$(pm-patrol -o json drill show D1 | jq -r '[.findings[] | "\(.n) \(.text)"] | join("|")')"
is "timeline" "new record" "$(pm-patrol -o json drill show D1 | jq -r '[.events[].event] | join(" ")')"
pm-patrol drill plan --kind fire --site hill --date 2026-06-30 >/dev/null
pm-patrol drill record D2 --participants 20 --minutes 30 --date 2026-06-30
pm-patrol drill plan --kind fire --site plaza --date 2026-04-30 >/dev/null
pm-patrol drill record D3 --participants 80 --minutes 40 --date 2026-04-30

# due: the key site 7 months ago, not the key site 5 months ago, not the
# ordinary site 7 months ago (yearly)
ok "due --kind fire" pm-patrol drill due --kind fire
out_is "only sunny, overdue since 2026-10-30" \
	"$(printf 'sunny\tfire\t1\t2026-04-30\tD1\t6mo\t2026-10-30\t-31\toverdue\t\t')"
ok "due -o id" pm-patrol drill due --kind fire -o id
out_is "the site as the ID" sunny
ok "due --all" pm-patrol drill due --kind fire --all -o json
is "every site with its state" "hill:ok plaza:ok sunny:overdue" \
	"$(jq -r '"\(.site):\(.state)"' "$T/.out" | sort | tr '\n' ' ' | sed 's/ $//')"
ok "due as of a later day" pm-patrol drill due --kind fire --as-of 2026-12-20 -o id
out_is "hill falls due within 14 days" "$(printf 'hill\nsunny')"
ok "never drilled" pm-patrol drill due --kind lift-rescue -o tsv
is "three sites, never" "never never never" "$(cut -f9 "$T/.out" | tr '\n' ' ' | sed 's/ $//')"
pm-patrol drill plan --kind fire --site sunny --date 2026-12-15 >/dev/null
ok "planned beside it" pm-patrol drill due --kind fire --site sunny -o json
is "the next planned drill" "2026-12-15 D4" "$(jq -r '"\(.planned) \(.planned_id)"' "$T/.out")"

# list
ok "list: planned ones" pm-patrol drill list -o id
out_is "D4 only" D4
ok "list --all" pm-patrol drill list --all -o id
out_is "newest first" "$(printf 'D4\nD2\nD3\nD1')"
ok "list --status done --site sunny" pm-patrol drill list --status done --site sunny -o id
out_is "D1" D1
j pm-patrol drill list --all --kind fire
is "json has nfindings" "2" "$(jq -r 'select(.id == "D1") | .nfindings' "$T/.j")"

# cancel
fails 64 "cancel needs a reason" pm-patrol drill cancel D4
ok "cancel" pm-patrol drill cancel D4 --reason "台风预警"
is "cancelled" cancelled "$(f D4 status)"
fails 65 "a cancelled drill is not recorded" pm-patrol drill record D4 --participants 1 --minutes 1
err_has "says the state" "cancelled"

# failure paths
fails 64 "plan needs --kind" pm-patrol drill plan --date 2026-12-01
fails 64 "plan needs --date" pm-patrol drill plan --kind fire
fails 65 "unknown kind" pm-patrol drill plan --kind parade --site sunny --date 2026-12-01
err_has "names the kinds" "fire, evacuation, flood, power-outage, lift-rescue"
fails 66 "unknown site" pm-patrol drill plan --kind fire --site nowhere --date 2026-12-01
fails 64 "which site" pm-patrol drill plan --kind fire --date 2026-12-01
pm-patrol drill plan --kind flood --site hill --date 2026-11-20 >/dev/null
fails 64 "record needs --participants" pm-patrol drill record D5 --minutes 30
fails 64 "record needs --minutes" pm-patrol drill record D5 --participants 30
fails 64 "minutes is a number" pm-patrol drill record D5 --participants 3 --minutes lots
fails 65 "held in the future" pm-patrol drill record D5 --participants 3 --minutes 30 --date tomorrow
fails 66 "no such drill" pm-patrol drill record D99 --participants 3 --minutes 30
fails 66 "show no such drill" pm-patrol drill show D99
fails 65 "recorded twice" pm-patrol drill record D1 --participants 3 --minutes 30
ok "record from stdin" sh -c 'echo D5 | pm-patrol drill record - --participants 12 --minutes 25'
is "held on its planned day" 2026-11-20 "$(f D5 held)"
pm-patrol drill plan --kind flood --site hill --date 2026-12-20 >/dev/null
ok "recorded before its day" pm-patrol drill record D6 --participants 12 --minutes 25
is "held today" 2026-11-30 "$(f D6 held)"
fails 77 "customer service may not plan" env PM_USER=kefu pm-patrol drill plan --kind fire --site sunny --date 2026-12-01
fails 77 "nor record" env PM_USER=kefu pm-patrol drill record D1 --participants 1 --minutes 1
ok "anyone reads due" env PM_USER=kefu pm-patrol drill due
# a finding followed up by an improvement action (pm-action)
ok "an action from the drill" env PM_USER=admin pm-action new --text "清理3号楼消防通道" --owner liu --source D1
fails 66 "not from a drill that is not there" env PM_USER=admin pm-action new --text x --owner liu --source D99
printf 'drill:\n  rules:\n    fire: { every: soon }\n' > bad.yaml
fails 78 "a bad rule is a config error" pm-patrol -c bad.yaml drill due
err_has "with its position" "bad.yaml:3"
done_testing
