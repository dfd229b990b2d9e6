#!/bin/sh
# pm-complaint: a verb that comes too early says what to do first, and
# a close after a dissatisfied visit takes a note saying why.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 3-2-1502 --area 100.50 >/dev/null
q() { "$@" >/dev/null 2>&1 || echo "setup failed: $*"; }
new() { pm-complaint new --unit 3-2-1502 --category 维修/漏水 --text 漏水; }
replied() { c=$(new); q pm-complaint assign "$c" --dept maint; q pm-complaint resolve "$c" --result 修好
	q pm-complaint reply "$c" --text 已修; echo "$c"; }

c=$(new)
fails 65 "start before assign" pm-complaint start "$c"
err_has "says to assign it first" "^pm-complaint: $c is new; start works on assigned, reopened: assign it first$"
q pm-complaint assign "$c" --dept maint
fails 65 "reply before resolve" pm-complaint reply "$c" --text 已修
err_has "says to resolve it first" "reply works on resolved, replied: resolve it first$"
q pm-complaint resolve "$c" --result 修好
fails 65 "visit before the reply" pm-complaint visit "$c" --satisfaction 5
err_has "says to reply first" "^pm-complaint: $c is resolved; visit works on replied: reply first$"
fails 65 "close a resolved, unreplied complaint" pm-complaint close "$c"
err_has "says to reply first, then visit" "follow-up visit before it closes \(complaint.followup: complaints\): reply first, then visit$"
q pm-complaint reply "$c" --text 已修
fails 65 "close a replied, unvisited complaint" pm-complaint close "$c"
err_has "says to visit first" "\(complaint.followup: complaints\): visit first$"
q pm-complaint visit "$c" --satisfaction 5
ok "a satisfied visit, then close" pm-complaint close "$c"

# A dissatisfied visit, then close: allowed with a note saying why.
c=$(replied)
q pm-complaint visit "$c" --satisfaction 2 --comment 还在滴水
before=$(pm-admin audit | wc -l)
fails 65 "close right after a dissatisfied visit, no note" pm-complaint close "$c"
err_has "says reopen, or a note" "^pm-complaint: $c: the owner was dissatisfied at the follow-up visit: reopen it to handle it again, or close it with a note saying why \(--text\)$"
is "nothing written" "$before" "$(pm-admin audit | wc -l)"
is "still replied" replied "$(pm-complaint -o json show "$c" | jq -r .status)"
ok "close with a note" pm-complaint close "$c" --text "业主要求更换整套管道，超出维修范围"
is "closed" closed "$(pm-complaint -o json show "$c" | jq -r .status)"
is "the note is on the timeline beside the score" "业主要求更换整套管道，超出维修范围 2" \
    "$(pm-complaint -o json show "$c" | jq -r '"\(.events[-1].note) \(.satisfaction)"')"

# A second, satisfied visit settles it: no note needed.
c=$(replied)
q pm-complaint visit "$c" --satisfaction 1
q pm-complaint visit "$c" --satisfaction 4
ok "dissatisfied, then satisfied: close" pm-complaint close "$c"

# Reopened after the dissatisfied visit: visited again before it closes.
c=$(replied)
q pm-complaint visit "$c" --satisfaction 2
q pm-complaint reopen "$c" --reason 回访不满意
q pm-complaint resolve "$c" --result 重修
q pm-complaint reply "$c" --text 已重修
fails 65 "reopened: a new visit first" pm-complaint close "$c"
err_has "says to visit first" "visit first$"

# The note rule holds whatever the follow-up policy.
printf 'complaint:\n  followup: none\n' > none.yaml
c=$(replied)
ok "followup none: close without a visit" env PM_CONFIG=none.yaml pm-complaint close "$c"
c=$(replied)
q pm-complaint visit "$c" --satisfaction 2
fails 65 "followup none: a dissatisfied visit still wants the note" \
    env PM_CONFIG=none.yaml pm-complaint close "$c"
ok "and takes it" env PM_CONFIG=none.yaml pm-complaint close "$c" --text 业主已搬走

done_testing
