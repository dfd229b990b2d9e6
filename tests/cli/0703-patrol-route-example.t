#!/bin/sh
# The examples of pm-route(5) load as the page says, and again change
# nothing.
. "$PM_TESTS/lib.sh"
man="$PM_TESTS/../../man/pm-route.5"
q() { "$@" >/dev/null 2>"$T/.err" || _notok "setup: $*"; }
q pm-admin init
q pm-org staff new admin --name 管理员
q pm-unit site new sunny --name 阳光花园 --kind residential
for p in N-GATE B3-FIRE CCTV-1 P-B1; do q pm-patrol point new --kind other "$p"; done
# the three literal displays of EXAMPLES, one file each
awk '/^\.Sh EXAMPLES/ { ex = 1 } ex && /^\.Bd/ { n++; inex = 1; next } inex && /^\.Ed/ { inex = 0; next }
     inex { print > ("ex" n ".yaml") }' "$man"
is "three examples" 3 "$(ls ex*.yaml | wc -l | tr -d ' ')"
for f in ex1 ex2 ex3; do
	ok "$f loads" pm-patrol route load $f.yaml
	out_has "$f added" "	added	"
	ok "$f again" pm-patrol route load $f.yaml
	out_has "$f unchanged" "	unchanged	"
done
ok "list" pm-patrol route list -o json
is "as written" "sunny-joint security,mgmt weekly fri at 15:00 7200 4|sunny-night security every 2 hours 20:00-06:00 3600 3|sunny-shift security daily at 08:00; daily at 16:00; daily at 00:00 5400 2" \
	"$(jq -r '"\(.route) \(.depts | join(",")) \(.schedule) \(.window) \(.points)"' "$T/.out" | paste -sd '|')"
done_testing
