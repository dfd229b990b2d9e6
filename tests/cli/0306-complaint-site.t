#!/bin/sh
# Which site: one rule for every tool.  Without a site, the only active
# one; a deactivated site takes no new contacts, but its old ones can
# still be listed.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 3-2-1502 --area 100.50 >/dev/null
ok "one site: no --site needed" pm-complaint new --unit 3-2-1502 --text "漏水"
pm-unit site new moon --name 月亮湾 --kind residential >/dev/null
fails 64 "two active sites: which one?" pm-complaint new --text "噪音"
err_has "asks, naming the option" "which site\? more than one is active; name one \(--site\)"
fails 64 "pm-unit asks the same" pm-unit unit new 1-1-101 --area 90
ok "old site deactivated" pm-unit site set sunny --active no
ok "now the only active site is taken" pm-complaint new --place "月亮湾大门" --text "门禁坏了"
is "on moon" moon "$(pm-complaint -o json show C2 | jq -r .site)"
ok "and pm-unit agrees" pm-unit unit new 1-1-101 --area 90
is "on moon too" moon "$(pm-unit -o json unit show 1-1-101 | jq -r .site)"
n0=$(pm-admin audit | wc -l)
fails 65 "a deactivated site takes no new contact" pm-complaint new --site sunny --place "大门" --text x
err_has "says so" "site sunny is deactivated"
fails 66 "an unknown site" pm-complaint new --site nowhere --place "大门" --text x
err_has "names it" "site nowhere: no such site"
is "nothing written" "$n0" "$(pm-admin audit | wc -l)"
ok "its old contacts are still listed" pm-complaint list --site sunny --all -o id
out_is "C1" C1

done_testing
