#!/bin/sh
# Personal data across the tools: no output format, error message or
# audit row shows a phone, an ID number, a caller's or (in exports) an
# occupant's name, or a plate in clear without --unmask; --unmask does.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 --phone 13900001111 >/dev/null 2>&1
pm-org staff new kefu --name 李客服 --roles service --phone 13900002222 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 3-2-1502 --area 100.50 >/dev/null
pm-unit occupant new --unit 3-2-1502 --name 欧阳娜娜 --role owner --move-in 2020-07-01 \
    --phone 13812345678 --id-number 11010519491231002X >/dev/null
pm-unit vehicle new 京A12345 --unit 3-2-1502 >/dev/null
pm-complaint new --unit 3-2-1502 --name 张三丰 --phone 13700002222 --text 漏水 >/dev/null
pm-complaint note C1 --text 已联系 >/dev/null

# clear FILE: the personal values found in FILE, one a line
CLEAR='13812345678|11010519491231002X|13700002222|13900001111|13900002222|张三丰|京A12345'
clear() { grep -oE "$CLEAR" "$1" | sort -u | tr '\n' ' '; }
none() { is "$1" "" "$(clear "$T/.out")$(clear "$T/.err")"; }

for f in table tsv csv json id; do
	ok "complaint list -o $f" pm-complaint -o $f list; none "complaint list -o $f: masked"
	ok "complaint show -o $f" pm-complaint -o $f show C1; none "complaint show -o $f: masked"
	ok "staff list -o $f" pm-org -o $f staff list; none "staff list -o $f: masked"
	ok "staff show -o $f" pm-org -o $f staff show kefu; none "staff show -o $f: masked"
	ok "whoami -o $f" pm-org -o $f whoami; none "whoami -o $f: masked"
	for k in occupant vehicle; do
		ok "$k list -o $f" pm-unit -o $f $k list; none "$k list -o $f: masked"
		ok "$k export -o $f" pm-unit -o $f $k export
		none "$k export -o $f: masked"
	done
	ok "occupant show -o $f" pm-unit -o $f occupant show 1; none "occupant show -o $f: masked"
	ok "vehicle show -o $f" pm-unit -o $f vehicle show 京A12345
	none "vehicle show -o $f: masked"
	is "occupant export -o $f: the name masked too" no \
	    "$(pm-unit -o $f occupant export | grep -q 欧阳娜娜 && echo yes || echo no)"
done
ok "complaint show names the masked caller" pm-complaint show C1
out_has "name" "^name	张\*\*$"
out_has "phone" "^phone	137\*\*\*\*2222$"
out_has "the timeline too" "137\*\*\*\*2222"

# error messages about these records
fails 65 "occupant again" pm-unit occupant new --unit 3-2-1502 --name 欧阳娜娜 --role owner \
    --move-in 2020-07-01 --phone 13812345678
none "occupant again: nothing personal in the message"
fails 65 "a bad ID number" pm-unit occupant set 1 --id-number 110105194912310021
is "the ID number never whole in the message" no \
    "$(grep -q 110105194912310021 "$T/.err" && echo yes || echo no)"
fails 65 "staff again" pm-org staff new kefu --name 李客服 --phone 13900002222
none "staff again: nothing personal in the message"
fails 77 "--unmask without pii.unmask" pm-complaint --as kefu show C1 --unmask --reason 回访
none "the refusal shows nothing"
fails 66 "no such complaint" pm-complaint show C9
none "not found: nothing"

# the audit log, every row, every format
for f in tsv json; do
	ok "audit -o $f" pm-admin -o $f audit
	none "audit -o $f: masked"
	is "audit -o $f: occupant names masked" no "$(grep -q 欧阳娜娜 "$T/.out" && echo yes || echo no)"
done
ok "the phone is in the audit, masked" pm-admin -o json audit --entity staff
out_has "staff phone" '"phone":"139\*\*\*\*2222"'

# --unmask (with the permission and a reason) shows them
ok "complaint show --unmask" pm-complaint -o json show C1 --unmask --reason 回访
is "caller in clear" "张三丰 13700002222" "$(jq -r '.name + " " + .phone' "$T/.out")"
ok "complaint show --unmask (text)" pm-complaint show C1 --unmask --reason 回访
out_has "phone in clear" "^phone	13700002222$"
ok "staff show --unmask" pm-org -o tsv staff show kefu --unmask --reason 核对
out_has "staff phone in clear" "	13900002222	"
ok "occupant export --unmask" pm-unit occupant export --unmask --reason 备份
out_has "occupant in clear" "欧阳娜娜,owner,2020-07-01,,13812345678,11010519491231002X"
ok "vehicle list --unmask" pm-unit vehicle list --unmask --reason 停车
out_has "plate in clear" "	京A12345	"
ok "the unmasks are audited" pm-admin -o json audit --action unmask
is "five of them" 5 "$(wc -l < "$T/.out")"
none "and the audit still holds nothing in clear"
done_testing
