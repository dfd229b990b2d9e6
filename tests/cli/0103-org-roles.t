#!/bin/sh
# pm-org role list and whoami; roles from the config file and their errors.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/table.sh"

# ---- role list: no database needed
ok "role list without a database" env PM_DB="$T/none.db" pm-org role list
is "eight built-in roles" 8 "$(wc -l < "$T/.out")"
is "in name order" "admin clerk finance maint manager market security service" \
  "$(cut -f1 "$T/.out" | tr '\n' ' ' | sed 's/ $//')"
out_has "columns: name source description perms" '^admin	builtin	系统管理员: 全部权限 / Administrator: everything	\*$'
out_has "finance" '^finance	builtin	.*	fee\.\*,budget\.\*$'
is "the database was not created" "no" "$([ -e none.db ] && echo yes || echo no)"
ok "role list json" pm-org -o json role list
cp "$T/.out" roles.json
ok "json parses" jq -e . roles.json
is "json keys" "name,source,description,perms" "$(head -n 1 roles.json | jq -r 'keys_unsorted | join(",")')"
is "manager may unmask but not administer" "yes no" \
  "$(jq -r 'select(.name=="manager").perms | (if test("pii.unmask") then "yes" else "no" end) + " " + (if test("(^|,)(admin|\\*)(,|$)") then "yes" else "no" end)' roles.json)"
ok "table" pm-org -o table role list
aligned "table columns line up with Chinese descriptions"
fails 64 "role list takes no operand" pm-org role list x

mkdir -p config/pm
cat > config/pm/config.yaml <<'Y'
roles:
  hr:
    description: 人事 / human resources
    perms: [org.edit]
  service:
    description: 客服 (也收费) / service, also takes payments
    perms:
      - complaint.*
      - fee.pay
Y
ok "config roles" pm-org role list
is "nine roles" 9 "$(wc -l < "$T/.out")"
out_has "an added role" '^hr	config	人事 / human resources	org\.edit$'
out_has "a replaced built-in" '^service	config	客服 \(也收费\) / service, also takes payments	complaint\.\*,fee\.pay$'
ok "pm-admin config shows roles as set" pm-admin config
out_has "with its line" '^roles	\(set\)	.*config\.yaml:2$'

pm-admin init >/dev/null 2>&1
pm-org staff new boss --name 老板 >/dev/null
export PM_USER=boss
ok "a config role can be assigned" pm-org staff new hrm --name 人事经理 --roles hr
ok "and grants its permissions" pm-org --as hrm dept add legal --zh 法务部 --en Legal
fails 77 "and nothing else" pm-admin --as hrm backup b.db
err_has "names what is missing" "hrm may not do this: needs permission admin \(roles: hr\)"
pm-org staff new kefu --name 客服 --roles service >/dev/null
is "the replaced role's perms" "complaint.*,fee.pay" "$(pm-org staff show kefu | cut -f10)"

# a role the config no longer defines grants nothing, but can be removed
cat > config/pm/config.yaml <<'Y'
timezone: Asia/Shanghai
Y
is "hr is gone" "" "$(pm-org role list | grep '^hr')"
fails 77 "its holders lose its permissions" pm-org --as hrm dept add x --zh y --en z
is "shows the role still held" "hr" "$(pm-org staff show hrm | cut -f6)"
is "with no permissions" "" "$(pm-org staff show hrm | cut -f10)"
fails 65 "it cannot be given again" pm-org staff set kefu --add-role hr
ok "but it can be removed" pm-org staff set hrm --remove-role hr

# ---- bad roles: 78 with file:line:col, wherever they are used
bad() { # bad NAME YAML PATTERN
	printf '%s' "$2" > config/pm/config.yaml
	fails 78 "$1: role list" pm-org role list
	err_has "$1: file:line:col and reason" "$3"
	fails 78 "$1: pm-admin config" pm-admin config
	fails 78 "$1: a pm-org write" pm-org dept add x --zh y --en z
	fails 78 "$1: a pm-org read" pm-org staff list
}
bad "no perms" 'roles:
  x:
    description: d
' 'config.yaml:2:3: role .x. has no perms'
bad "empty perms" 'roles:
  x:
    perms: []
' 'config.yaml:3:12: role .x. has no perms'
bad "unknown key" 'roles:
  x:
    perms: [a.b]
    permissions: [c.d]
' "config.yaml:4:5: unknown key 'permissions' in a role \(description, perms\)"
bad "bad pattern" 'roles:
  x:
    perms: [fee.pay, Fee.*]
' "config.yaml:3:22: 'Fee.\*' is not a permission pattern"
bad "bad role name" 'roles:
  X Y:
    perms: [a.b]
' "config.yaml:2:3: role name 'X Y'"
bad "roles as a list" 'roles:
  - x
' "config.yaml:2:3: roles: expected a mapping"
printf 'roles: x\n' > config/pm/config.yaml
fails 78 "roles as a string: refused by the config schema" pm-admin config
err_has "with the position" "config.yaml:1:8:"
rm config/pm/config.yaml

# ---- whoami
ok "whoami, a staff member" pm-org whoami
is "login source status name dept roles perms" "boss	PM_USER	active	老板		admin	*" "$(cat "$T/.out")"
is "--as is the source" "kefu	--as	active	客服		service	complaint.*,survey.*" "$(pm-org --as kefu whoami)"
ok "whoami, not a staff member" pm-org --as stranger whoami
is "says so, exit 0" "stranger	--as	not a staff member				" "$(cat "$T/.out")"
ok "json" pm-org -o json --as stranger whoami
is "json" '{"login":"stranger","source":"--as","status":"not a staff member","name":null,"dept":null,"roles":null,"perms":null}' \
  "$(cat "$T/.out")"
pm-org staff set kefu --dept service
pm-org staff deactivate kefu
is "a deactivated member may do nothing" "kefu	--as	deactivated	客服	service	service	" "$(pm-org --as kefu whoami)"
ok "login name when neither --as nor PM_USER" env -u PM_USER LOGNAME=boss pm-org whoami
is "source login" "login" "$(cut -f2 "$T/.out")"
fails 64 "whoami takes no operand" pm-org whoami boss

done_testing
