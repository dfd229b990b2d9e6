#!/bin/sh
# An import keeps the last site and building it looked up, per field, for
# the length of the import: rows that alternate between sites whose
# buildings share a code must each land in their own site's building.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit site new moon --name 月亮湾 --kind residential >/dev/null
pm-unit building new 1 --site sunny --name 一号楼 --floors 6 >/dev/null
pm-unit building new 1 --site moon --name 一号楼 --floors 9 >/dev/null
pm-unit building new 2 --site moon --name 二号楼 --floors 9 >/dev/null
{
	echo "site,code,building,area"
	echo "sunny,1-101,1,90"
	echo "moon,1-101,1,80"
	echo "sunny,1-102,1,91"
	echo "moon,2-101,2,70"
	echo "moon,1-102,1,81"
	echo "sunny,1-103,nope,92"
} > units.csv
fails 66 "a building the site does not have is named at its line" pm-unit unit import units.csv
err_has "line 7, building nope" "units.csv:7: .*nope"
sed -i '$d' units.csv
ok "alternating sites" pm-unit unit import units.csv
out_is "five new" "5	0	0"
is "every unit in its own site's building" 0 \
    "$(sqlite3 pm.db 'SELECT count(*) FROM unit u JOIN building b ON b.id = u.building_id WHERE b.site_id <> u.site_id')"
is "moon's 2-101 in moon's building 2" "moon 2" \
    "$(sqlite3 pm.db "SELECT s.code || ' ' || b.code FROM unit u JOIN site s ON s.id = u.site_id JOIN building b ON b.id = u.building_id WHERE u.code = '2-101'")"
ok "the same file again changes nothing" pm-unit unit import units.csv
out_is "unchanged" "0	0	5"

done_testing
