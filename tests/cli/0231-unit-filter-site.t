#!/bin/sh
# A list filtered by a site that does not exist says so (66) instead of
# printing nothing a pipeline would act on; an existing site with no
# rows is an empty list (0).
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit site new moon --name 月亮湾 --kind residential >/dev/null
pm-unit unit new 1-101 --site sunny --area 90 >/dev/null
for kind in building unit occupant vehicle; do
	fails 66 "$kind list --site nope" pm-unit $kind list --site nope
	err_has "$kind: names the site and the option" "site nope: no such site \(--site\)"
done
ok "unit list of a site without units" pm-unit unit list --site moon
out_is "is empty" ""
ok "unit list of sunny" pm-unit -o id unit list --site sunny
out_is "its unit" "1-101"
fails 66 "complaint lists agree" pm-complaint list --site nope

done_testing
