#!/bin/sh
# The full example of pm-plan(5) loads as the page says, and again
# changes nothing.
. "$PM_TESTS/lib.sh"
man="$PM_TESTS/../../man/pm-plan.5"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
equip() { pm-workorder equip new "$1" --site sunny --kind "$2" >/dev/null || echo "equip new $1 failed"; }
equip ELV-1 电梯/客梯
equip FP-1 消防/消防泵
equip TANK-1 给排水/水箱
export PM_USER=wang
awk '/^A plan for a community/ { want = 1 } want && /^\.Bd/ { inex = 1; next } inex && /^\.Ed/ { exit }
     inex { print }' "$man" > example.yaml
is "example extracted" 1 "$(grep -c '^plan: sunny-2027$' example.yaml)"
for k in plan title site items key task kind equipment checklist recurrence anchor shift start lead dept person minutes; do
	is "example sets $k" 1 "$(grep -cE "^ *(- )?$k:" example.yaml | awk '{ print ($1 > 0) }')"
done
ok "loads" pm-workorder plan load example.yaml
out_has "three items added" "tank-clean	added"
is "three" 3 "$(grep -c added "$T/.out")"
err_has "the 2nd Tuesday is more than a month apart: warned" "fire-monthly equipment FP-1: .* fire-monthly allows \(1mo\)"
ok "again" pm-workorder plan load --quiet example.yaml
out_is "nothing changed" ""
ok "list" pm-workorder plan list --plan sunny-2027 -o json
is "as written" "every 15 days completion next 2027-01-04 259200 王师傅" \
	"$(jq -r 'select(.item == "lift-upkeep") | "\(.recurrence) \(.anchor) \(.shift) \(.start) \(.lead) 王师傅"' "$T/.out")"
done_testing
