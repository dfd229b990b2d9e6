#!/bin/sh
# pm-workorder equip import: CSV and JSON Lines, idempotent, all or nothing, -n.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new li.ming --name 李明 --dept maint >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit site new moon --name 月亮湾 --kind residential >/dev/null
pm-unit building new 3 --floors 18 --site sunny >/dev/null
pm-unit building new 3 --floors 9 --site moon >/dev/null

printf '\357\273\277site,code,kind,building,installed,warranty_end,dept,responsible\n' > e.csv
printf 'sunny,ELV-3-1,电梯/客梯,3,2020-06-01,2022-05-31,maint,li.ming\n' >> e.csv
printf 'sunny,PMP-1,给排水>生活水泵,,,,,\n' >> e.csv
printf 'moon,ELV-3-1,电梯/货梯,3,,,,\n' >> e.csv
ok "import CSV with a BOM" pm-workorder equip import e.csv
out_is "three new" "3	0	0"
is "kinds canonical, importance from the kind" "电梯/货梯 A|电梯/客梯 A|给排水/生活水泵 A" \
	"$(pm-workorder equip list | cut -f4,13 | tr '\t\n' ' |' | sed 's/|$//')" 2>/dev/null
ok "again" pm-workorder equip import e.csv
out_is "nothing changes" "0	0	3"
is "audited once" 3 "$(pm-admin audit --entity equipment | wc -l)"

printf '{"site":"sunny","code":"PMP-1","vendor":"格兰富"}\n{"site":"sunny","code":"TNK-1","kind":"给排水/水箱"}\n' > e.jsonl
ok "JSON Lines" pm-workorder equip import e.jsonl
out_is "one new, one updated" "1	1	0"
is "the update kept the rest" "给排水/生活水泵	格兰富" "$(pm-workorder equip show PMP-1 --site sunny | cut -f4,8)"
cp e.jsonl e.txt
ok "--jsonl names the format" pm-workorder equip import --jsonl e.txt
out_is "unchanged" "0	0	2"
fails 64 "not both" pm-workorder equip import --csv --jsonl e.txt

# -n: counts, writes nothing
printf 'site,code,kind\nsunny,GEN-1,供配电/发电机\nsunny,PMP-1,给排水/排污泵\n' > n.csv
ok "-n" pm-workorder -n equip import n.csv
out_is "what it would do" "1	1	0"
fails 66 "nothing written" pm-workorder equip show GEN-1 --site sunny
is "nor changed" "给排水/生活水泵" "$(pm-workorder equip show PMP-1 --site sunny | cut -f4)"

# all or nothing: the first bad row by its line
n0=$(pm-admin audit --entity equipment | wc -l)
bad() { printf 'site,code,kind,installed,warranty_end,building,dept,responsible\nsunny,NEW-1,其他,,,,,\n%s\n' "$1" > bad.csv; }
bad 'sunny,NEW-2,飞机,,,,,'
fails 65 "unknown kind" pm-workorder equip import bad.csv
err_has "file:line" "bad.csv:3: .*飞机"
bad 'sunny,NEW-2,其他,2024-01-10,2023-12-31,,,'
fails 65 "warranty before install" pm-workorder equip import bad.csv
err_has "file:line" "bad.csv:3: warranty_end"
bad 'sunny,NEW-2,其他,2026-02-30,,,,'
fails 65 "a bad date" pm-workorder equip import bad.csv
err_has "file:line" "bad.csv:3: installed"
bad 'nowhere,NEW-2,其他,,,,,'
fails 66 "unknown site" pm-workorder equip import bad.csv
err_has "file:line" "bad.csv:3: site nowhere"
bad 'sunny,NEW-2,其他,,,9,,'
fails 66 "unknown building" pm-workorder equip import bad.csv
err_has "file:line" "bad.csv:3: building 9"
bad 'sunny,NEW-2,其他,,,,cleaning,'
fails 66 "unknown department" pm-workorder equip import bad.csv
err_has "file:line" "bad.csv:3: department cleaning"
bad 'sunny,NEW-2,其他,,,,,nobody'
fails 66 "unknown login" pm-workorder equip import bad.csv
err_has "file:line" "bad.csv:3: staff nobody"
bad 'sunny,NEW-1,其他,,,,,'
fails 65 "a record twice" pm-workorder equip import bad.csv
err_has "file:line" "bad.csv:3: equipment NEW-1: already on line 2"
bad 'sunny,,其他,,,,,'
fails 65 "no code" pm-workorder equip import bad.csv
bad 'sunny,NEW-2,,,,,,'
fails 65 "no kind for a new one" pm-workorder equip import bad.csv
err_has "file:line" "bad.csv:3: equipment: kind is needed"
printf 'code,kind\nNEW-3,其他\n' > nosite.csv
fails 65 "site column required" pm-workorder equip import nosite.csv
printf 'site,code,kind,colour\nsunny,NEW-3,其他,red\n' > extra.csv
fails 65 "an unknown column" pm-workorder equip import extra.csv
fails 66 "no such file" pm-workorder equip import missing.csv
fails 66 "NEW-1 rolled back" pm-workorder equip show NEW-1 --site sunny
is "no audit rows either" "$n0" "$(pm-admin audit --entity equipment | wc -l)"

pm-org staff new wang --name 王秩序 --roles security >/dev/null 2>&1
fails 77 "security may not import" env PM_USER=wang pm-workorder equip import e.csv
err_has "names the permission" "equipment.import"
done_testing
