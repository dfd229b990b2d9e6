#!/bin/sh
# pm-complaint assign: who may be given a contact, and what is refused.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new li --name 李客服 --roles service --dept service >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-org staff new old --name 老张 --roles maint --dept maint >/dev/null 2>&1
pm-org staff deactivate old >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 3-2-1502 --area 100.50 >/dev/null
export PM_USER=li
pm-complaint new --unit 3-2-1502 --text "电梯异响" --category 维修/电梯 >/dev/null

n0=$(pm-admin audit | wc -l)
fails 65 "a deactivated staff member cannot be assigned" pm-complaint assign C1 --dept maint --to old
err_has "says so" "old is deactivated"
fails 66 "an unknown staff member" pm-complaint assign C1 --dept maint --to nobody
fails 66 "an unknown department" pm-complaint assign C1 --dept kitchen --to wang
is "nothing written by the refusals" "$n0" "$(pm-admin audit | wc -l)"
ok "assign to an active one" pm-complaint assign C1 --dept maint --to wang
is "assigned" "assigned wang" "$(pm-complaint -o json show C1 | jq -r '"\(.status) \(.assignee)"')"
fails 77 "a deactivated staff member cannot act" env PM_USER=old pm-complaint note C1 --text x
ok "the list by assignee" pm-complaint list --assignee wang
is "one" 1 "$(wc -l < "$T/.out")"
printf 'C1\n' > ids
ok "assign reads IDs from stdin" sh -c 'pm-complaint assign - --dept maint --to admin < ids'
is "reassigned" admin "$(pm-complaint -o json show C1 | jq -r .assignee)"

done_testing
