#!/bin/sh
# pm-workorder equip export | import: what export writes, import reads back unchanged.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new li.ming --name 李明 --dept maint >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit building new 3 --floors 18 >/dev/null
pm-workorder equip new ELV-3-1 --kind 电梯/客梯 --name '3号楼,1号"客梯"' --building 3 \
	--floor -1 --place 井道 --vendor 迅达 --contractor 迅达维保 --installed 2020-06-01 \
	--warranty-end 2022-05-31 --life-years 15 --importance B --dept maint \
	--responsible li.ming >/dev/null
pm-workorder equip new TNK-1 --kind 给排水/水箱 --place '地下二层
泵房' >/dev/null
pm-workorder equip new TNK-2 --kind 给排水/水箱 >/dev/null
pm-workorder equip retire TNK-2 --reason '锈蚀, 更换' --date 2026-01-05 >/dev/null

ok "export" pm-workorder equip export
cp "$T/.out" all.csv
out_has "CSV with a header" "site,code,name,kind,building,floor,place,vendor,contractor,installed,warranty_end,life_years,importance,dept,responsible,retired,retire_reason"
is "in service only" 2 "$(grep -c '^sunny' all.csv)"
ok "export --all" pm-workorder equip export --all
cp "$T/.out" every.csv
n0=$(pm-admin audit --entity equipment | wc -l)
ok "import it back" pm-workorder equip import every.csv
out_is "nothing changes" "0	0	3"
is "no audit rows" "$n0" "$(pm-admin audit --entity equipment | wc -l)"
ok "JSON export" pm-workorder -o json equip export --all
cp "$T/.out" every.jsonl
ok "imports as JSON Lines" pm-workorder equip import every.jsonl
out_is "nothing changes" "0	0	3"

# into an empty database: the same records
mv pm.db old.db
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new li.ming --name 李明 --dept maint >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit building new 3 --floors 18 >/dev/null
ok "import into a new database" pm-workorder equip import every.csv
out_is "three new" "3	0	0"
ok "export again" pm-workorder equip export --all
same_file "byte for byte" every.csv "$T/.out"

# an edited export updates what was edited
sed 's/迅达维保/奥的斯维保/' every.csv > edited.csv
ok "import an edit" pm-workorder equip import edited.csv
out_is "one updated" "0	1	2"
is "changed" "奥的斯维保" "$(pm-workorder equip show ELV-3-1 | cut -f9)"
done_testing
