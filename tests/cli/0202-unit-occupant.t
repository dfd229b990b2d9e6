#!/bin/sh
# Occupants and vehicles: history, validation, masking, unmasking with permission.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new li --name 李客服 --roles service >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 3-2-1502 --area 100.50 >/dev/null
pm-unit unit new P-001 --area 12.5 --kind parking >/dev/null

ok "occupant new" pm-unit occupant new --unit 3-2-1502 --name 张三 --role owner --move-in 2020-07-01 --phone "+86 138 1234 5678" --id-number 11010519491231002x
out_is "prints the occupant number" 1
ok "a tenant" pm-unit occupant new --unit 3-2-1502 --name 欧阳娜娜 --role tenant --move-in 2024-03-01 --phone "１３９１２３４５６７８"
fails 65 "bad ID check digit" pm-unit occupant new --unit 3-2-1502 --name 王五 --role family --move-in 2024-01-01 --id-number 110105194912310021
err_has "says the check character" "ID number"
is "the full ID number never reaches the message" no "$(grep -q 110105194912310021 "$T/.err" && echo yes || echo no)"
fails 65 "bad phone" pm-unit occupant new --unit 3-2-1502 --name 王五 --role family --move-in 2024-01-01 --phone 12345
fails 65 "bad role" pm-unit occupant new --unit 3-2-1502 --name 王五 --role boss --move-in 2024-01-01
fails 66 "unknown unit" pm-unit occupant new --unit 9-9-9 --name 王五 --role family --move-in 2024-01-01

for f in tsv csv json table; do
	ok "occupant list -o $f" pm-unit -o $f occupant list
	is "$f: phone masked" "no" "$(grep -q 13812345678 "$T/.out" && echo yes || echo no)"
	is "$f: ID masked" "no" "$(grep -q 11010519491231002X "$T/.out" && echo yes || echo no)"
done
ok "tsv" pm-unit occupant list
out_has "masked phone and ID" "138\*\*\*\*5678	1\*\*\*\*\*\*\*\*\*\*\*\*\*002X$"
is "full-width digits normalised" "139****5678" "$(pm-unit -o json occupant show 2 | jq -r .phone)"

fails 77 "--unmask without pii.unmask" env PM_USER=li pm-unit occupant list --unmask --reason 通知
err_has "names the permission" "pii.unmask"
ok "the refusal is audited" pm-admin -o json audit --action refused
out_has "refused pii.unmask by li" '"actor":"li".*pii.unmask'
fails 64 "--unmask without a reason" pm-unit occupant list --unmask
ok "--unmask with permission" pm-unit occupant list --unmask --reason "停水通知"
out_has "phone in clear" "13812345678	11010519491231002X$"
ok "the unmask is audited" pm-admin -o json audit --action unmask
is "with the reason" "停水通知" "$(jq -r .after.reason "$T/.out")"
is "and the row count after it" "2" "$(pm-admin -o json audit --action shown | jq -r .after.rows)"
is "the audit log holds masked data only" "no" "$(pm-admin -o json audit | grep -q 13812345678 && echo yes || echo no)"

ok "move out" pm-unit occupant set 2 --move-out 2025-02-28
is "current occupants only" 1 "$(pm-unit occupant list | wc -l)"
is "--all shows the history" 2 "$(pm-unit occupant list --all | wc -l)"
fails 65 "move-out before move-in" pm-unit occupant set 1 --move-out 2019-01-01
fails 66 "set an unknown occupant" pm-unit occupant set 99 --move-out 2025-01-01

ok "export masks names" pm-unit occupant export --all
out_has "name masked in export" "张\*"
ok "table of Chinese names lines up" pm-unit -o table occupant list --all
col_start() { # display column where field 5 (name..) ends, per line
	while IFS= read -r line; do
		pre=$(printf '%s\n' "$line" | sed -E 's/^( *[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +).*/\1/')
		printf '%s' "$pre" | wc -L
	done < "$T/.out" | sort -u | wc -l
}
is "the column after the Chinese names starts at one display column" 1 "$(col_start)"

ok "vehicle new" pm-unit vehicle new 京a12345 --unit 3-2-1502 --space P-001
out_is "plate normalised" "京A12345"
ok "vehicle list masks plates" pm-unit vehicle list
out_is "masked" "sunny	京A***45	3-2-1502	P-001	1"
fails 65 "a flat is not a parking space" pm-unit vehicle new 京B12345 --space 3-2-1502
fails 65 "bad plate" pm-unit vehicle new XA12345
ok "the database is sound" pm-admin check

done_testing
