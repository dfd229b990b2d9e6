#!/bin/sh
# Permissions: the bootstrap, refusals (77, audited, nothing changed),
# deactivated staff, pm-admin under the policy, and --unmask.
. "$PM_TESTS/lib.sh"
schema=$PM_TESTS/../../schema
pm-admin init >/dev/null 2>&1

# ---- bootstrap: no staff yet
ok "a non-staff member may read: dept list" pm-org dept list
ok "staff list" pm-org staff list
ok "whoami" pm-org whoami
ok "pm-admin audit" pm-admin audit
ok "pm-admin backup works before there is any staff" pm-admin backup b0.db
fails 77 "but may not write" pm-org dept set mgmt --en X
err_has "told how to begin" "no staff yet: create the first administrator with pm-org staff new"
is "the refusal is in the audit log" "admin	pm-org	permission	org.edit	refused" \
  "$(pm-admin audit --action refused | cut -f3-7)"
is "with the verb" "dept set" "$(pm-admin -o json audit --action refused | jq -r .after.verb)"
is "nothing changed" "Property management" "$(pm-org dept list | grep '^mgmt' | cut -f3)"
fails 77 "--unmask is refused too" pm-org staff list --unmask --reason test
fails 77 "and staff deactivate" pm-org staff deactivate admin

ok "the first staff new works for anyone" pm-org --as root staff new boss --name 老板 --roles manager
is "and gets admin" "admin,manager" "$(pm-org staff show boss | cut -f6)"
is "made by root" "root" "$(pm-admin audit --entity staff:boss | cut -f3)"
fails 77 "a second staff new by a non-staff member is refused" pm-org --as root staff new li --name 李四
err_has "root is not staff" "root is not an active staff member"
is "refusal audited as root" "root" "$(pm-admin audit --action refused --reverse --limit 1 | cut -f3)"
is "li was not made" "boss" "$(pm-org staff list --all | cut -f1)"

# ---- after the bootstrap: pm-admin too is under the policy
fails 77 "pm-admin backup by a non-staff member" pm-admin backup b1.db
err_has "says so" "admin is not an active staff member"
is "no backup made" "no" "$([ -e b1.db ] && echo yes || echo no)"
ok "pm-admin backup by an administrator" pm-admin --as boss backup b2.db
ok "pm-admin check is a read: anyone" pm-admin check
ok "pm-admin audit is a read: anyone" pm-admin audit

export PM_USER=boss
pm-org staff new kefu --name 客服 --phone 13800001111 --roles service >/dev/null
pm-org staff new cw --name 财务 --phone 13900002222 --roles finance >/dev/null
pm-org staff new jl --name 经理 --roles manager >/dev/null

# ---- refusals: 77, one line naming the permission and roles, nothing changed, audited
n0=$(pm-admin audit | wc -l)
fails 77 "service may not edit the organisation" pm-org --as kefu staff set cw --name X
err_has "the missing permission and the roles held" "^pm-org: kefu may not do this: needs permission org.edit \(roles: service\)$"
is "nothing changed" "财务" "$(pm-org staff show cw | cut -f2)"
is "one audit row: the refusal" "$((n0 + 1))" "$(pm-admin audit | wc -l)"
is "the refusal row" "kefu	pm-org	permission	org.edit	refused" \
  "$(pm-admin audit --reverse --limit 1 | cut -f3-7)"
fails 77 "a manager may not back up (admin)" pm-admin --as jl backup b3.db
err_has "names admin" "needs permission admin \(roles: manager\)"
ok "a manager may edit the organisation" pm-org --as jl dept set mgmt --head jl
fails 77 "an unknown actor may not write" pm-org --as nobody dept set mgmt --head jl

# ---- deactivated staff cannot act
pm-org staff deactivate cw
fails 77 "a deactivated member acting" pm-org --as cw dept set mgmt --en X
err_has "says so" "cw is not an active staff member"
fails 77 "even with a role that would allow it" pm-org --as cw staff list --unmask --reason x
fails 65 "nor be made a department head" pm-org dept set finance --head cw

# ---- --unmask
fails 77 "--unmask without pii.unmask" pm-org --as kefu staff list --unmask --reason "回访"
err_has "names pii.unmask" "kefu may not do this: needs permission pii.unmask \(roles: service\)"
is "the refusal is audited" "pii.unmask" "$(pm-admin audit --action refused --reverse --limit 1 | cut -f6)"
fails 64 "--unmask without --reason" pm-org --as jl staff list --unmask
err_has "says so" "--unmask needs --reason"
fails 64 "--reason without --unmask" pm-org --as jl staff list --reason x
ok "--unmask with pii.unmask (manager)" pm-org --as jl staff list --unmask --reason "回访业主"
out_has "phones in full" '^kefu	客服	13800001111	'
is "the unmask is audited" "jl	pm-org	pii		unmask" "$(pm-admin audit --action unmask | cut -f3-7)"
is "with the reason" "回访业主" "$(pm-admin -o json audit --action unmask | jq -r .after.reason)"
is "and, after it, the row count (active staff)" "3" "$(pm-admin -o json audit --action shown | jq -r .after.rows)"
ok "staff show --unmask" pm-org --as jl -o json staff show kefu --unmask --reason 核对
is "unmasked in json" "13800001111" "$(jq -r .phone "$T/.out")"
is "one row counted" "1" "$(pm-admin -o json audit --action shown --reverse --limit 1 | jq -r .after.rows)"
ok "masked without --unmask, in every format" pm-org --as jl staff show kefu
is "tsv" "138****1111" "$(cut -f3 "$T/.out")"
is "csv" "138****1111" "$(pm-org -o csv staff show kefu | tail -n 1 | cut -d, -f3)"
is "json" "138****1111" "$(pm-org -o json staff show kefu | jq -r .phone)"
is "table" "1" "$(pm-org -o table staff show kefu | grep -c '138\*\*\*\*1111')"
ok "an administrator may unmask (*)" pm-org staff list --unmask --reason audit

# ---- a database older than the staff table is in the bootstrap state
sqlite3 old.db "PRAGMA application_id=$((0x706d6462)); PRAGMA journal_mode=WAL;" >/dev/null
cat "$schema/0001-core.sql" "$schema/0002-department.sql" "$schema/0003-property.sql" | sqlite3 old.db
sqlite3 old.db "PRAGMA user_version=3"
chmod 600 old.db
ok "pm-admin migrate on a pre-staff database, by anyone" pm-admin --as root -d old.db migrate
out_has "from 3" '^3	'
ok "then the first staff new" pm-org -d old.db --as root staff new wang --name 王
is "gets admin" "admin" "$(pm-org -d old.db staff show wang | cut -f6)"
ok "department heads work on the migrated database" pm-org -d old.db --as wang dept set maint --head wang
ok "and it is sound" pm-admin -d old.db check

done_testing
