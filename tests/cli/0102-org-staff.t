#!/bin/sh
# pm-org staff new|list|show|set|deactivate|activate.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/table.sh"
pm-admin init >/dev/null 2>&1
sqlite3 pm.db "INSERT INTO site (code, name, kind) VALUES
  ('sunny', '阳光花园', 'residential'), ('tower', '写字楼', 'office')"

# ---- new
ok "the first staff new" pm-org staff new boss --name 老板 --roles service
out_is "prints the login" "boss"
is "the first staff member gets admin too" "admin,service" "$(pm-org staff show boss | cut -f6)"
export PM_USER=boss

ok "staff new with everything" pm-org staff new ouyang --name 欧阳娜娜 \
  --phone "+86 139-0000-1111" --dept service --roles service,finance --sites tower,sunny
out_is "prints the login" "ouyang"
is "the record" "ouyang	欧阳娜娜	139****1111	service	1	finance,service	sunny,tower" \
  "$(pm-org staff list | grep '^ouyang')"
ok "full-width digits in a phone" pm-org staff new li --name "Li Si" --phone "１３８１２３４５６７８" \
  --dept maint --roles maint
is "normalised, then masked" "138****5678" "$(pm-org staff show li | cut -f3)"
is "the audit row has the phone masked" '"138****5678"' \
  "$(pm-admin -o json audit --entity staff:li | jq -c .after.phone)"
is "and never in clear" "" "$(pm-admin audit | grep 13812345678)"
is "-o id prints the login" "zhang" "$(pm-org -o id staff new zhang --name 张伟 --roles security)"
is "-o json too" '{"login":"qian"}' "$(pm-org -o json staff new qian --name 钱七)"

fails 65 "an existing login" pm-org staff new li --name X
err_has "says so" "staff li exists"
fails 65 "a malformed login" pm-org staff new Wang --name X
err_has "names the rule" "not a login \(1-32 of a-z 0-9 . _ -\)"
fails 65 "an escape in a login is echoed harmlessly" pm-org staff new "$(printf 'a\033[2Jb')" --name X
err_has "escaped" "a\\\\e\[2Jb"
fails 65 "a bad phone" pm-org staff new x1 --name X --phone 12345
fails 65 "an unknown role" pm-org staff new x1 --name X --roles service,boss
err_has "lists the roles" "role boss: no such role \(roles: admin, clerk, finance, maint, manager, market, security, service\)"
fails 65 "an empty item in a list" pm-org staff new x1 --name X --roles service,
fails 66 "an unknown department" pm-org staff new x1 --name X --dept nope
err_has "names it" "department nope: no such department"
fails 66 "an unknown site" pm-org staff new x1 --name X --sites sunny,park
err_has "names it" "site park: no such site"
fails 65 "a name over 64 characters" pm-org staff new x1 --name "$(printf '%065d' 0)"
fails 64 "--name missing" pm-org staff new x1
err_has "says which" "--name NAME is required"
fails 64 "no login" pm-org staff new --name X
fails 64 "--add-role is for set" pm-org staff new x1 --name X --add-role maint
fails 64 "unknown option" pm-org staff new x1 --name X --email x@y
is "none of them was added" "" "$(pm-org staff list --all | grep '^x1')"

# ---- list and show
ok "staff list" pm-org staff list
is "active staff in login order" "boss li ouyang qian zhang" "$(cut -f1 "$T/.out" | tr '\n' ' ' | sed 's/ $//')"
is "--dept" "li" "$(pm-org staff list --dept maint | cut -f1)"
is "--role" "boss ouyang" "$(pm-org staff list --role service | cut -f1 | tr '\n' ' ' | sed 's/ $//')"
is "--role and --dept together" "ouyang" "$(pm-org staff list --role finance --dept service | cut -f1)"
fails 66 "--role unknown" pm-org staff list --role boss
err_has "says so" "role boss: no such role"
fails 66 "--dept unknown" pm-org staff list --dept nope
fails 64 "an operand" pm-org staff list li

ok "csv" pm-org -o csv staff list
out_has "csv header" '^.?.?.?login,name,phone,dept,active,roles,sites'
out_has "phone masked in csv" '^ouyang,欧阳娜娜,139\*\*\*\*1111,service,1,"finance,service","sunny,tower"'
ok "json" pm-org -o json staff list
cp "$T/.out" staff.json
ok "json parses" jq -e . staff.json
is "phone masked in json" "139****1111" "$(jq -r 'select(.login=="ouyang").phone' staff.json)"
is "no phone is null" "null" "$(jq -r 'select(.login=="boss").phone' staff.json)"
is "no clear phone anywhere" "" "$(grep -h -e 13900001111 -e 13812345678 staff.json)"
ok "table" pm-org -o table staff list
out_has "phone masked in table" '139\*\*\*\*1111'
aligned "table columns line up with Chinese names"
is "-o id" "boss li ouyang qian zhang" "$(pm-org -o id staff list | tr '\n' ' ' | sed 's/ $//')"

ok "staff show" pm-org staff show ouyang
is "one record" 1 "$(wc -l < "$T/.out")"
is "perms from the roles" "budget.*,complaint.*,fee.*,survey.*" "$(cut -f10 "$T/.out")"
is "created_at" "2026-11-30T09:00:00+08:00" "$(cut -f8 "$T/.out")"
is "admin's perms are everything" "*" "$(pm-org staff show boss | cut -f10)"
ok "show json" pm-org -o json staff show ouyang
is "show json keys" "login,name,phone,dept,active,roles,sites,created_at,deactivated_at,perms" \
  "$(jq -r 'keys_unsorted | join(",")' "$T/.out")"
fails 66 "show unknown" pm-org staff show ghost
err_has "names it" "staff ghost: no such staff member"
fails 64 "show without a login" pm-org staff show

# ---- set
ok "staff set" pm-org staff set li --name 李四 --phone 0755-12345678 --dept service
quiet "quiet"
is "changed" "li	李四	075*******78	service" "$(pm-org staff list | grep '^li' | cut -f1-4)"
is "audited before and after" "Li Si 李四" \
  "$(pm-admin -o json audit --entity staff:li --action set | jq -r '.before.name + " " + .after.name')"
ok "--roles replaces" pm-org staff set li --roles clerk,maint
is "roles" "clerk,maint" "$(pm-org staff show li | cut -f6)"
ok "--add-role and --remove-role" pm-org staff set li --add-role finance --remove-role clerk
is "roles after" "finance,maint" "$(pm-org staff show li | cut -f6)"
fails 65 "--remove-role not held" pm-org staff set li --remove-role clerk
err_has "says so" "li does not hold role clerk"
fails 65 "--add-role unknown" pm-org staff set li --add-role boss
ok "--sites replaces" pm-org staff set li --sites sunny
is "sites" "sunny" "$(pm-org staff show li | cut -f7)"
ok "'' clears phone, dept, roles, sites" pm-org staff set li --phone '' --dept '' --roles '' --sites ''
is "cleared" "li	李四		" "$(pm-org staff show li | cut -f1-4)"
is "no roles, no sites" "		" "$(pm-org staff show li | cut -f6,7,10)"
fails 64 "nothing to change" pm-org staff set li
fails 66 "unknown login" pm-org staff set ghost --name X
fails 65 "a bad phone" pm-org staff set li --phone 1234
is "unchanged by the failures" "li	李四		" "$(pm-org staff show li | cut -f1-4)"
fails 65 "the last administrator keeps admin" pm-org staff set boss --remove-role admin
err_has "says why" "that would leave no active administrator"
fails 65 "--roles cannot drop it either" pm-org staff set boss --roles service

# ---- deactivate
ok "deactivate" pm-org staff deactivate zhang
quiet "quiet"
is "gone from the list" "" "$(pm-org staff list | grep '^zhang')"
is "--all shows them, inactive" "zhang	张伟			0" \
  "$(pm-org staff list --all | grep '^zhang' | cut -f1-5)"
is "deactivated_at recorded" "2026-11-30T09:00:00+08:00" "$(pm-org staff show zhang | cut -f9)"
is "roles kept" "security" "$(pm-org staff show zhang | cut -f6)"
is "audited" "true false" \
  "$(pm-admin -o json audit --action deactivate | jq -r '"\(.before.active) \(.after.active)"')"
fails 65 "twice" pm-org staff deactivate zhang
err_has "says so" "zhang is already deactivated"
fails 77 "a deactivated member cannot act" pm-org --as zhang staff set zhang --name X
err_has "says so" "zhang is not an active staff member"
ok "but can still read" pm-org --as zhang staff list
fails 65 "the last administrator cannot be deactivated" pm-org staff deactivate boss
fails 66 "unknown login" pm-org staff deactivate ghost
fails 64 "no login" pm-org staff deactivate

# ---- activate (someone who comes back)
fails 65 "activate an active one" pm-org staff activate boss
err_has "says so" "boss is already active"
fails 77 "a deactivated member cannot reactivate themselves" pm-org --as zhang staff activate zhang
ok "activate" pm-org staff activate zhang
is "active again, roles kept" "zhang	security" "$(pm-org staff list | grep '^zhang' | cut -f1,6)"
is "deactivated_at cleared" "" "$(pm-org staff show zhang | cut -f9)"
ok "and may act again" pm-org --as zhang whoami
is "audited" "false true" \
  "$(pm-admin -o json audit --action activate | jq -r '"\(.before.active) \(.after.active)"')"
fails 66 "activate an unknown login" pm-org staff activate ghost
ok "the database is sound" pm-admin check

done_testing
