#!/bin/sh
# pm-workorder plan check / exempt: the built-in interval rules, a lift
# every 30 days reported (exit 1), a clean plan (exit 0), FILE checked
# without loading, the warning of plan load, an exemption with its
# reason, rules from the config.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
equip() { pm-workorder equip new "$2" --site "$1" --kind "$3" >/dev/null || echo "equip new $2 failed"; }
equip sunny ELV-1 电梯/客梯
equip sunny ELV-2 电梯/扶梯
equip sunny FP-1 消防/消防泵
export PM_USER=wang
plan() {
	cat > "$1" <<Y
plan: p
site: sunny
items:
  - key: lift
    title: 电梯保养
    task: 维保
    kind: 电梯
    recurrence: $2
    start: 2027-01-01
    dept: maint
  - key: fire
    title: 消防月检
    task: 月检
    equipment: [FP-1]
    recurrence: monthly 31
    start: 2027-01-01
    dept: maint
Y
}
plan good.yaml "every 15 days"
plan bad.yaml "every 30 days"
ok "a clean plan loads quietly" pm-workorder plan load good.yaml
is "no warning" "" "$(cat "$T/.err")"
ok "check: clean is 0" pm-workorder plan check
out_is "nothing listed" ""
ok "--all lists what was checked" pm-workorder plan check --all
out_has "lift ELV-1 against lift-upkeep" "^p	lift	ELV-1	电梯/客梯	维保	lift-upkeep	15d	1296000	.*	0	$"
out_has "monthly 31 passes 1mo" "^p	fire	FP-1	消防/消防泵	月检	fire-monthly	1mo	2678400	"
fails 1 "check FILE: a 30-day lift interval is reported" pm-workorder plan check bad.yaml
out_has "both lifts, 30 days" "^p	lift	ELV-1	电梯/客梯	维保	lift-upkeep	15d	2592000	2027-01-01	2027-01-31	1	$"
out_has "the escalator too" "^p	lift	ELV-2	"
is "check FILE wrote nothing" "every 15 days" "$(pm-workorder plan list -o json | jq -r 'select(.item == "lift") | .recurrence')"
ok "load warns but loads" pm-workorder plan load bad.yaml
err_has "one line per breach" "^pm-workorder: warning: plan p item lift equipment ELV-1: 2027-01-01 to 2027-01-31 is longer than lift-upkeep allows \(15d\)$"
is "two warnings" 2 "$(grep -c warning "$T/.err")"
fails 1 "check: 1 now" pm-workorder plan check
fails 1 "check --plan p" pm-workorder plan check --plan p
ok "check --plan other" pm-workorder plan check --plan other
# an official exemption for one lift
ok "exempt" pm-workorder plan exempt ELV-1 --rule lift-upkeep --max 1mo --reason "市监局豁免 2026-118 号"
quiet "quietly"
fails 1 "still one breach" pm-workorder plan check
out_is "only the escalator" "$(printf 'p\tlift\tELV-2\t电梯/扶梯\t维保\tlift-upkeep\t15d\t2592000\t2027-01-01\t2027-01-31\t1\t')"
fails 1 "--all shows the exemption" pm-workorder plan check --all
out_has "with its reason" "^p	lift	ELV-1	.*	1mo	2592000	.*	0	市监局豁免 2026-118 号$"
is "audited" "equipment E1 exempt" "$(sqlite3 "$PM_DB" "SELECT entity || ' ' || entity_id || ' ' || action FROM audit WHERE action = 'exempt'")"
fails 66 "exempt: no such rule" pm-workorder plan exempt ELV-1 --rule nosuch --max 1mo --reason x
fails 66 "exempt: no such equipment" pm-workorder plan exempt NOPE --rule lift-upkeep --max 1mo --reason x
fails 65 "exempt: bad span" pm-workorder plan exempt ELV-1 --rule lift-upkeep --max soon --reason x
fails 64 "exempt: reason required" pm-workorder plan exempt ELV-1 --rule lift-upkeep --max 1mo
PM_USER=admin pm-org staff new zhao --name 赵 --roles service --dept service >/dev/null 2>&1
PM_USER=zhao fails 77 "exempt needs plan.exempt" pm-workorder plan exempt ELV-2 --rule lift-upkeep --max 1mo --reason x
# rules from the config replace the built-in ones
mkdir -p config/pm
cat > config/pm/config.yaml <<'Y'
plan:
  intervals:
    - id: escalator
      kind: 电梯/扶梯
      task: 维保
      max: 1mo
Y
ok "config: only its rules" pm-workorder plan check
printf 'plan:\n  intervals:\n    - id: x\n      kind: 电梯\n      task: 维保\n      max: soon\n' > config/pm/config.yaml
fails 78 "config: bad max" pm-workorder plan check
err_has "file:line:col" "config.yaml:6:12: expected a positive span"
printf 'plan:\n  intervals:\n    - id: x\n      kind: 电梯\n      task: 维保\n      every: 1d\n' > config/pm/config.yaml
fails 78 "config: unknown key" pm-workorder plan check
err_has "file:line:col" "config.yaml:6:7: unknown key every"
done_testing
