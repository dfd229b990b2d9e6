#!/bin/sh
# pm-org role list|show|new|set|import and whoami: roles in the database;
# the config key roles: refused (no configuration file grants a permission);
# a pre-roles database migrated, its config roles imported.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/table.sh"
schema=$PM_TESTS/../../schema

# ---- role list: the built-in roles, seeded by init
fails 66 "role list needs a database now" env PM_DB="$T/none.db" pm-org role list
is "the database was not created" "no" "$([ -e none.db ] && echo yes || echo no)"
pm-admin init >/dev/null 2>&1
ok "role list" pm-org role list
is "eight built-in roles" 8 "$(wc -l < "$T/.out")"
is "in name order" "admin clerk finance maint manager market security service" \
  "$(cut -f1 "$T/.out" | tr '\n' ' ' | sed 's/ $//')"
out_has "columns: name source description perms" '^admin	builtin	系统管理员: 全部权限 / Administrator: everything	\*$'
out_has "finance, patterns in order" '^finance	builtin	.*	budget\.\*,fee\.\*$'
ok "role list json" pm-org -o json role list
cp "$T/.out" roles.json
ok "json parses" jq -e . roles.json
is "json keys" "name,source,description,perms" "$(head -n 1 roles.json | jq -r 'keys_unsorted | join(",")')"
is "manager may unmask but not administer" "yes no" \
  "$(jq -r 'select(.name=="manager").perms | (if any(.[]; . == "pii.unmask") then "yes" else "no" end) + " " + (if any(.[]; . == "admin" or . == "*") then "yes" else "no" end)' roles.json)"
ok "table" pm-org -o table role list
aligned "table columns line up with Chinese descriptions"
fails 64 "role list takes no operand" pm-org role list x
ok "role show" pm-org role show service
is "one role" "service	builtin	客服部: 投诉受理、回访、调查 / Customer service: complaints, visits, surveys	complaint.*,survey.*" "$(cat "$T/.out")"
fails 66 "role show: no such role" pm-org role show boss
err_has "says so" "role boss: no such role"

pm-org staff new boss --name 老板 >/dev/null
export PM_USER=boss
pm-org staff new jl --name 经理 --roles manager >/dev/null
pm-org staff new me --name 客服 --roles service >/dev/null

# ---- the issue's exploit: a member redefines their own role in a config
# of their own, then gives themselves admin.  No configuration file grants
# anything: the file is refused before any check.
cat > own.yaml <<'Y'
roles:
  service:
    perms: ['*']
Y
n0=$(pm-admin audit | wc -l)
fails 78 "own.yaml redefining service: refused" env PM_CONFIG=own.yaml pm-org --as me staff set me --add-role admin
err_has "points to role import" "own.yaml:2:3: roles: no longer read from the configuration \(roles are kept in the database\): move this section to a file of its own, load it with pm-org role import FILE, and remove it here"
is "nothing granted" "service" "$(pm-org staff show me | cut -f6)"
is "nothing written" "$n0" "$(pm-admin audit | wc -l)"
fails 78 "nor can it redefine a role for any other tool" env PM_CONFIG=own.yaml pm-admin --as me backup b.db
is "no backup" "no" "$([ -e b.db ] && echo yes || echo no)"
fails 78 "every pm-org verb refuses it, reads too" env PM_CONFIG=own.yaml pm-org role list
fails 78 "pm-admin config refuses it" pm-admin -c own.yaml config
err_has "with the same message" "own.yaml:2:3: roles: no longer read"
fails 77 "without the file: a plain refusal" pm-org --as me staff set me --add-role admin
is "still nothing granted" "service" "$(pm-org staff show me | cut -f6)"

# ---- no escalation through grants: manager is everything but admin
n0=$(pm-admin audit --action refused | wc -l)
fails 77 "manager giving itself admin" pm-org --as jl staff set jl --add-role admin
err_has "says why" "^pm-org: jl may not grant role admin: needs admin, or every permission of the role \(lacks \*\)$"
is "not granted" "manager" "$(pm-org staff show jl | cut -f6)"
is "the refusal is audited" "$((n0 + 1))" "$(pm-admin audit --action refused | wc -l)"
is "as a refusal of admin by jl, with the verb" "jl admin staff set" \
  "$(pm-admin -o json audit --action refused --reverse --limit 1 | jq -r '.actor + " " + .entity_id + " " + .after.verb')"
fails 77 "manager --roles with admin" pm-org --as jl staff set jl --roles manager,admin
fails 77 "manager creating an admin" pm-org --as jl staff new x --name X --roles admin
fails 66 "who was not made" pm-org staff show x
fails 77 "manager taking admin away" pm-org --as jl staff set boss --remove-role admin
is "boss keeps it" "admin" "$(pm-org staff show boss | cut -f6)"
ok "manager granting what it holds" pm-org --as jl staff new kefu --name 客服 --roles service
ok "and adding a role it covers" pm-org --as jl staff set kefu --add-role maint
ok "and taking it away" pm-org --as jl staff set kefu --remove-role maint
fails 77 "a service member cannot grant at all (org.edit)" pm-org --as me staff set kefu --add-role service
ok "admin may grant admin" pm-org staff set jl --add-role admin
ok "and take it away" pm-org staff set jl --remove-role admin

# ---- role new / set: admin only, audited
fails 77 "manager may not make a role" pm-org --as jl role new guard --perms patrol.*
err_has "needs admin" "jl may not do this: needs permission admin \(roles: manager\)"
fails 77 "nor change one" pm-org --as jl role set manager --add-perm admin
is "manager unchanged" "builtin" "$(pm-org role show manager | cut -f2)"
ok "role new" pm-org role new guard --perms patrol.*,complaint.handle --description "门卫 / gate"
quiet "prints nothing"
is "the role" "guard	local	门卫 / gate	complaint.handle,patrol.*" "$(pm-org role show guard)"
is "audited" "boss	pm-org	role	guard	new" "$(pm-admin audit --entity role:guard | cut -f3-7)"
is "with the record" '["complaint.handle","patrol.*"]' "$(pm-admin -o json audit --entity role:guard | jq -c .after.perms)"
fails 65 "an existing role" pm-org role new guard --perms patrol.*
fails 65 "a typo in a pattern" pm-org role new x --perms complant.*
err_has "says so" "'complant.\*' grants no permission that any tool declares"
fails 65 "a malformed pattern" pm-org role new x --perms "Fee.*"
ok "an area of a tool to come is fine" pm-org role new cashier --perms fee.pay,fee.late.*
fails 64 "role new needs --perms" pm-org role new y
fails 65 "a bad role name" pm-org role new "Y Z" --perms unit.edit
ok "role set --add-perm" pm-org role set guard --add-perm hazard.report
is "added" "complaint.handle,hazard.report,patrol.*" "$(pm-org role show guard | cut -f4)"
ok "role set --remove-perm --description" pm-org role set guard --remove-perm complaint.handle --description 门卫
is "changed" "guard	local	门卫	hazard.report,patrol.*" "$(pm-org role show guard)"
ok "role set --perms replaces" pm-org role set guard --perms patrol.*
fails 65 "a role keeps a pattern" pm-org role set guard --remove-perm patrol.*
fails 66 "no such role" pm-org role set ghost --perms unit.edit
fails 64 "nothing to change" pm-org role set guard
fails 65 "admin cannot lose * while it alone administers" pm-org role set admin --perms report.*
err_has "says so" "that would leave no active administrator"
ok "a change takes effect at once" pm-org role set service --add-perm unit.edit
ok "service may now edit units" pm-unit --as me site new S1 --name 阳光花园 --kind residential
ok "and back" pm-org role set service --remove-perm unit.edit
fails 77 "and not any more" pm-unit --as me site new S2 --name 写字楼 --kind office

# ---- role import: the config's old shape, from a file of its own
cat > roles.yaml <<'Y'
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
fails 77 "manager may not import" pm-org --as jl role import roles.yaml
ok "-n checks only" pm-org -n role import roles.yaml
is "inserted updated unchanged" "1	1	0" "$(cat "$T/.out")"
fails 66 "-n changed nothing" pm-org role show hr
ok "role import" pm-org role import roles.yaml
is "counts" "1	1	0" "$(cat "$T/.out")"
is "an added role" "hr	local	人事 / human resources	org.edit" "$(pm-org role show hr)"
is "a replaced built-in" "service	local	客服 (也收费) / service, also takes payments	complaint.*,fee.pay" "$(pm-org role show service)"
ok "again: nothing changes" pm-org role import roles.yaml
is "all unchanged" "0	0	2" "$(cat "$T/.out")"
ok "an imported role can be assigned" pm-org staff new hrm --name 人事经理 --roles hr
ok "and grants its permissions" pm-org --as hrm dept add legal --zh 法务部 --en Legal
fails 77 "and nothing else" pm-admin --as hrm backup b.db
err_has "names what is missing" "hrm may not do this: needs permission admin \(roles: hr\)"
is "the replaced role's perms" "complaint.*,fee.pay" "$(pm-org staff show kefu | cut -f10)"

# ---- bad roles files: 65 with file:line:col, nothing written
bad() { # bad NAME YAML PATTERN
	printf '%s' "$2" > bad.yaml
	fails 65 "$1: refused" pm-org role import bad.yaml
	err_has "$1: file:line:col and reason" "$3"
}
bad "no perms" 'roles:
  x:
    description: d
' 'bad.yaml:2:3: role .x. has no perms'
bad "empty perms" 'roles:
  x:
    perms: []
' 'bad.yaml:3:12: role .x. has no perms'
bad "unknown key" 'roles:
  x:
    perms: [unit.edit]
    permissions: [org.edit]
' "bad.yaml:4:5: unknown key 'permissions' in a role \(description, perms\)"
bad "bad pattern" 'roles:
  x:
    perms: [fee.pay, Fee.*]
' "bad.yaml:3:22: 'Fee.\*' is not a permission pattern"
bad "bad role name" 'roles:
  X Y:
    perms: [unit.edit]
' "bad.yaml:2:3: role name 'X Y'"
bad "roles as a list" 'roles:
  - x
' "bad.yaml:2:3: roles: expected a mapping"
bad "the whole config" 'timezone: Asia/Shanghai
roles:
  x:
    perms: [unit.edit]
' "bad.yaml:1:1: unknown key 'timezone' \(a roles file has only roles\)"
bad "all or nothing" 'roles:
  y:
    perms: [unit.edit]
  z:
    perms: [tikcet.*]
' "bad.yaml:5:13: 'tikcet.\*' grants no permission"
fails 66 "y was not made" pm-org role show y
fails 66 "a missing file" pm-org role import nothere.yaml

# ---- a database from before roles were kept in it: migrated by its
# administrator (admin alone is defined there), its config roles imported
sqlite3 old.db "PRAGMA application_id=$((0x706d6462)); PRAGMA journal_mode=WAL;" >/dev/null
for f in 0001-core 0002-department 0003-property 0004-org 0005-process 0006-contact 0007-survey; do
	cat "$schema/$f.sql"
done | sqlite3 old.db
sqlite3 old.db "PRAGMA user_version=7;
  INSERT INTO staff (id, login, name, created_at) VALUES (1, 'wang', '王', 0), (2, 'zhou', '周', 0);
  INSERT INTO staff_role VALUES (1, 'admin'), (2, 'hr'), (2, 'clerk');"
chmod 600 old.db
fails 77 "a non-admin may not migrate it" pm-admin -d old.db --as zhou migrate
ok "its administrator may" pm-admin -d old.db --as wang migrate
is "the built-in roles are seeded" 8 "$(pm-org -d old.db role list | wc -l)"
is "a config role never imported grants nothing" "unit.edit,unit.import" "$(pm-org -d old.db staff show zhou | cut -f10)"
fails 77 "so zhou may not edit the organisation" pm-org -d old.db --as zhou dept add x --zh 某 --en X
fails 65 "nor can hr be given" pm-org -d old.db --as wang staff set wang --add-role hr
printf 'roles:\n  hr:\n    description: 人事\n    perms: [org.edit]\n' > old-roles.yaml
ok "the import brings it back" pm-org -d old.db --as wang role import old-roles.yaml
is "granting again" "org.edit,unit.edit,unit.import" "$(pm-org -d old.db staff show zhou | cut -f10)"
ok "zhou may now" pm-org -d old.db --as zhou dept add x --zh 某 --en X
ok "and it is sound" pm-admin -d old.db check

# ---- whoami
ok "whoami, a staff member" pm-org whoami
is "login source status name dept roles perms" "boss	PM_USER	active	老板		admin	*" "$(cat "$T/.out")"
is "--as is the source" "kefu	--as	active	客服		service	complaint.*,fee.pay" "$(pm-org --as kefu whoami)"
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
