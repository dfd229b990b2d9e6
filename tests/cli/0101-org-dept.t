#!/bin/sh
# pm-org dept list|add|set: departments, their heads, and what is refused.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/table.sh"
pm-admin init >/dev/null 2>&1

ok "dept list on a new database" pm-org dept list
is "the six default departments" 6 "$(wc -l < "$T/.out")"
out_has "tsv columns: code name_zh name_en head active" '^finance	财务部	Finance		1$'
out_has "in code order, mgmt among them" '^mgmt	物业管理部	Property management		1$'

fails 77 "no staff yet: dept add is refused" pm-org dept add legal --zh 法务部 --en Legal
err_has "and says how to start" "no staff yet: create the first administrator with pm-org staff new"
is "the refusal is audited" "org.edit" "$(pm-admin audit --action refused | cut -f6)"
is "nothing added" 6 "$(pm-org dept list | wc -l)"

pm-org staff new boss --name 老板 >/dev/null
export PM_USER=boss

ok "dept add" pm-org dept add legal --zh 法务部 --en Legal
quiet "quiet on success"
is "listed" "legal	法务部	Legal		1" "$(pm-org dept list | grep '^legal')"
is "audited with the record after" '{"code":"legal","name_zh":"法务部","name_en":"Legal","head":null,"active":true}' \
  "$(pm-admin -o json audit --entity department:legal --action add | jq -c .after)"

fails 65 "an existing code" pm-org dept add legal --zh x --en y
err_has "says so" "department legal exists"
fails 65 "a malformed code" pm-org dept add Legal --zh x --en y
err_has "names the rule" "'Legal': not a department code \(1-32 of a-z 0-9 _ -\)"
fails 65 "a newline in the code is echoed escaped" pm-org dept add "$(printf 'a\nb')" --zh x --en y
err_has "escaped" "'a\\\\nb'"
fails 65 "an empty name" pm-org dept add x --zh "" --en y
fails 65 "a name over 64 characters" pm-org dept add x --zh y \
  --en "$(printf '%065d' 0)"
fails 65 "invalid UTF-8 in a name" pm-org dept add x --zh "$(printf '\377')" --en y
fails 64 "--en missing" pm-org dept add x --zh y
err_has "names the missing one" "dept add: --en NAME is required"
fails 64 "no code" pm-org dept add --zh y --en z
fails 64 "two codes" pm-org dept add x y --zh y --en z
fails 64 "unknown option" pm-org dept add x --zh y --en z --fr w
fails 64 "unknown verb" pm-org dept remove x
is "nothing added by any of them" 7 "$(pm-org dept list | wc -l)"

ok "dept set names" pm-org dept set legal --zh 法律事务部 --en "Legal affairs"
quiet "quiet"
is "changed" "legal	法律事务部	Legal affairs		1" "$(pm-org dept list | grep '^legal')"
is "audit has before and after" "法务部 法律事务部" \
  "$(pm-admin -o json audit --entity department:legal --action set | jq -r '.before.name_zh + " " + .after.name_zh')"
ok "dept set --active no" pm-org dept set legal --active no
is "inactive, still listed" "0" "$(pm-org dept list | grep '^legal' | cut -f5)"
fails 65 "nobody new joins an inactive department" pm-org staff new x1 --name X --dept legal
err_has "says so" "department legal is inactive"
ok "--active yes" pm-org dept set legal --active yes
fails 64 "--active maybe" pm-org dept set legal --active maybe
err_has "lists the values" "--active maybe: one of yes, no"
fails 64 "nothing to change" pm-org dept set legal
fails 66 "unknown department" pm-org dept set nope --en x
err_has "one line naming it" "department nope: no such department"

pm-org staff new li --name 李四 --dept maint >/dev/null
pm-org staff new gone --name 走了 >/dev/null
pm-org staff deactivate gone
ok "dept set --head" pm-org dept set maint --head li
is "head shown" "li" "$(pm-org dept list | grep '^maint' | cut -f4)"
is "head in the audit row" "li" \
  "$(pm-admin -o json audit --entity department:maint | jq -r .after.head)"
fails 66 "--head unknown" pm-org dept set maint --head ghost
err_has "names it" "staff ghost: no such staff member"
fails 65 "--head deactivated" pm-org dept set maint --head gone
err_has "says so" "gone is deactivated"
is "head unchanged" "li" "$(pm-org dept list | grep '^maint' | cut -f4)"
ok "--head '' removes the head" pm-org dept set maint --head ''
is "no head" "" "$(pm-org dept list | grep '^maint' | cut -f4)"

ok "json" pm-org -o json dept list
cp "$T/.out" dept.json
ok "json parses" jq -e . dept.json
is "json keys" "code,name_zh,name_en,head,active" "$(head -n 1 dept.json | jq -r 'keys_unsorted | join(",")')"
is "json bool" "true" "$(jq -r 'select(.code=="mgmt").active' dept.json)"
is "-o id" "finance legal" "$(pm-org -o id dept list | head -n 2 | tr '\n' ' ' | sed 's/ $//')"
ok "csv" pm-org -o csv dept list
out_has "csv header" '^.?.?.?code,name_zh,name_en,head,active'
ok "table" pm-org -o table dept list
out_has "table header" '^code +name_zh +name_en +head +active'
aligned "table columns line up with Chinese names"

pm-org staff new kefu --name 客服 --roles service >/dev/null
fails 77 "dept add without org.edit" pm-org --as kefu dept add x --zh y --en z
err_has "names the permission and roles" "kefu may not do this: needs permission org.edit \(roles: service\)"
fails 77 "dept set without org.edit" pm-org --as kefu dept set maint --en x
ok "dept list needs no permission" pm-org --as kefu dept list
ok "the database is sound" pm-admin check

done_testing
