#!/bin/sh
# pm-org: options are declared per verb; what a verb does not declare is
# a usage error (64) that changes nothing, and -n is refused by every
# writer (none has a dry run).
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new li --name 李四 --phone 13812345678 --dept maint >/dev/null

n0=$(pm-admin audit | wc -l)
s0=$(pm-org staff list --all --unmask --reason check)
n0=$((n0 + 2))  # the unmask above is audited, then the rows it showed

# foreign options: each belongs to another verb
fails 64 "staff new refuses --add-role" pm-org staff new wang --name 王 --add-role clerk
err_has "names it" "unknown option '--add-role'"
fails 64 "staff set refuses --zh" pm-org staff set li --zh 李
fails 64 "staff set refuses --all" pm-org staff set li --name 李 --all
fails 64 "dept add refuses --head" pm-org dept add legal --zh 法务 --en Legal --head li
fails 64 "dept set refuses --name" pm-org dept set maint --name x
fails 64 "staff deactivate takes no options" pm-org staff deactivate li --reason leaving
fails 64 "staff activate neither" pm-org staff activate li --roles admin
fails 64 "dept list refuses --all" pm-org dept list --all
fails 64 "role list refuses --unmask" pm-org role list --unmask --reason x
fails 64 "whoami takes no options" pm-org whoami --login li
fails 64 "a short option nobody declared" pm-org staff list -a

# required options, values and operands
fails 64 "staff new needs --name" pm-org staff new wang
err_has "says which" "staff new: --name NAME is required"
fails 64 "dept add needs --zh" pm-org dept add legal --en Legal
err_has "says which" "dept add: --zh NAME is required"
fails 64 "--active is yes or no" pm-org dept set maint --active maybe
err_has "lists the values" "one of yes, no"
fails 64 "staff new needs a login" pm-org staff new --name 王
err_has "says what to give" "staff new: give LOGIN"
fails 64 "staff show takes one login" pm-org staff show li admin
err_has "the extra operand" "unexpected operand 'admin'"
fails 64 "whoami takes no operand" pm-org whoami li
fails 64 "--unmask needs --reason" pm-org staff list --unmask
fails 64 "--reason needs --unmask" pm-org staff show li --reason x
fails 64 "nothing to change" pm-org staff set li

# -n: no writer of pm-org has a dry run
fails 64 "-n staff new is refused" pm-org -n staff new wang --name 王芳
err_has "says why" "staff new has no dry run"
fails 64 "-n staff set" pm-org staff set li --name 李四四 -n
fails 64 "--dry-run staff deactivate" pm-org --dry-run staff deactivate li
fails 64 "-n dept add" pm-org -n dept add legal --zh 法务 --en Legal
fails 64 "-n dept set" pm-org -n dept set maint --active no
ok "-n on a reader is harmless" pm-org -n staff list

is "nothing was written by any of it" "$n0" "$(pm-admin audit | wc -l)"
is "staff unchanged" "$s0" "$(pm-org staff list --all --unmask --reason check)"
is "no new department" 6 "$(pm-org dept list | wc -l)"

# masking is org's: the phone is masked unless --unmask
ok "staff show" pm-org staff show li
out_has "masked" "	138\*\*\*\*5678	"
ok "staff show --unmask" pm-org staff show li --unmask --reason "回访"
out_has "in clear" "	13812345678	"

# what the table declares is what help and --options say
ok "help of a verb" pm-org dept add --help
out_has "usage from the table" "^usage: pm-org dept add --zh NAME --en NAME CODE$"
out_has "an options part" "^  --zh NAME .*\(required\)$"
ok "--options" pm-org --options
out_has "staff set's options" "^staff set	--name --phone --dept --roles --sites --add-role --remove-role	write	org.edit$"
out_has "staff list takes --unmask --reason" "^staff list	--dept --role --all --unmask --reason	read	-$"
out_has "whoami has none" "^whoami		read	-$"

done_testing
