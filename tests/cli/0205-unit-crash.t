#!/bin/sh
# SIGKILL during a bulk import: all or nothing, and the rerun completes it.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
sh "$PM_TESTS/../../scripts/gen-demo" -s 1 -b 10 -u 1500 data
pm-unit site import data/sites.csv >/dev/null
pm-unit building import data/buildings.csv >/dev/null
n=$(($(wc -l < data/units.csv) - 1))

pm-unit unit import data/units.csv >/dev/null 2>&1 &
pid=$!
sleep 1
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
got=$(pm-unit unit list | wc -l)
is "all or nothing after SIGKILL ($got of $n)" yes "$([ "$got" -eq 0 ] || [ "$got" -eq "$n" ] && echo yes || echo no)"
ok "the database is sound" pm-admin check
ok "the rerun" pm-unit unit import data/units.csv
is "completes it" "$n" "$(pm-unit unit list | wc -l)"
ok "and a third run changes nothing" pm-unit unit import data/units.csv
out_is "0 changes" "0	0	$n"

done_testing
