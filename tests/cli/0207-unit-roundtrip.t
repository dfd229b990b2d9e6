#!/bin/sh
# Export -> import is the identity, for every kind and both formats; a
# masked export cannot come back as data; an import never wipes personal
# data with an empty cell; occupants are matched by their number.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
U="--unmask --reason 备份"

# names that look like formulas to a spreadsheet, and Chinese text
pm-unit site new sunny --name 阳光花园 --kind residential --address '北京市, "朝阳区"' >/dev/null
pm-unit site new f1 --name '=cmd|calc' --kind office >/dev/null
pm-unit site new f2 --name '+86 中心' --kind commercial --address '-1层' >/dev/null
pm-unit site new f3 --name '-负一' --kind office --address '@home' >/dev/null
pm-unit site new f4 --name "'=已有引号" --kind office >/dev/null
pm-unit building new 1 --site sunny --name '=3号楼' --floors 18 >/dev/null
pm-unit building new 2 --site sunny --name '@东楼' >/dev/null
pm-unit unit new 1-1-101 --site sunny --building 1 --floor 1 --area 89.5 --handover 2019-05-01 >/dev/null
pm-unit unit new 1-1-102 --site sunny --building 1 --floor -1 --area 45 --kind storage >/dev/null
pm-unit unit new P-1 --site sunny --area 12.5 --kind parking >/dev/null
pm-unit unit new A-1 --site f1 --area 200 --kind office >/dev/null
pm-unit occupant new --site sunny --unit 1-1-101 --name 欧阳娜娜 --role owner --move-in 2020-07-01 \
    --phone 13812345678 --id-number 11010519491231002X >/dev/null
pm-unit occupant new --site sunny --unit 1-1-101 --name '=王五' --role family --move-in 2020-07-01 >/dev/null
pm-unit occupant new --site sunny --unit 1-1-102 --name '+Li Lei' --role tenant --move-in 2021-03-01 \
    --phone 010-12345678 >/dev/null
pm-unit occupant new --site f1 --unit A-1 --name '@张' --role tenant --move-in 2022-01-01 >/dev/null
pm-unit vehicle new 京A12345 --site sunny --unit 1-1-101 --space P-1 >/dev/null
pm-unit vehicle new 沪AD12345 --site sunny >/dev/null

kinds="site building unit occupant vehicle"
n_site=5 n_building=2 n_unit=4 n_occupant=4 n_vehicle=2
for k in $kinds; do
	ok "$k export csv" pm-unit $k export $U; cp "$T/.out" "$k.csv"
	ok "$k export jsonl" pm-unit -o json $k export $U; cp "$T/.out" "$k.jsonl"
done
# has NAME PATTERN FILE
has() { if grep -qE -- "$2" "$3"; then _ok "$1"; else _notok "$1 (no /$2/ in $3)"; fi; }
has "the formula-looking name neutralised in csv" "^sunny,2,'@东楼" building.csv
has "a leading ' before = gets one more" "^f4,''=已有引号," site.csv
has "jsonl is not neutralised" '"name":"=cmd\|calc"' site.jsonl
for k in $kinds; do
	eval n=\$n_$k
	for f in csv jsonl; do
		ok "$k: import the $f export into the same database" pm-unit $k import $k.$f
		out_is "$k $f: changes nothing" "0	0	$n"
	done
done
for k in $kinds; do
	ok "$k: exported again" pm-unit $k export $U
	same_file "$k: the export is unchanged" "$T/.out" $k.csv
done

# into a fresh database: the same export, byte for byte
for f in csv jsonl; do
	export PM_DB="$T/fresh-$f.db"
	pm-admin init >/dev/null 2>&1
	pm-org staff new admin --name 管理员 >/dev/null 2>&1
	for k in $kinds; do
		eval n=\$n_$k
		ok "$f: $k into a fresh database" pm-unit $k import $k.$f
		out_is "$f: $k all inserted" "$n	0	0"
	done
	for k in $kinds; do
		ok "$f: $k exported from the fresh one" pm-unit $k export $U
		same_file "$f: $k csv byte for byte" "$T/.out" $k.csv
		ok "$f: $k jsonl from the fresh one" pm-unit -o json $k export $U
		same_file "$f: $k jsonl byte for byte" "$T/.out" $k.jsonl
	done
done
export PM_DB="$T/pm.db"

# a masked export is refused, whole, with the way out
ok "the default (masked) occupant export" pm-unit occupant export
cp "$T/.out" masked.csv
fails 65 "re-importing it is refused" pm-unit occupant import masked.csv
err_has "file:line and what to do" "masked.csv:2: occupant: name looks masked .*export with --unmask to re-import"
ok "vehicles masked too" pm-unit vehicle export; cp "$T/.out" vmasked.csv
fails 65 "a masked plate is refused" pm-unit vehicle import vmasked.csv
err_has "the plate named" "vmasked.csv:2: vehicle: plate looks masked"
printf 'site,unit,name,role,move_in,phone\nsunny,1-1-101,欧阳娜娜,owner,2020-07-01,138****5678\n' > mphone.csv
fails 65 "a masked phone is refused" pm-unit occupant import mphone.csv
err_has "phone named" "mphone.csv:2: occupant: phone looks masked"
ok "nothing changed" pm-unit occupant export $U
same_file "occupants as before" "$T/.out" occupant.csv

# occupants matched by their number: a changed name updates that one
sed 's/^1,sunny,1-1-101,欧阳娜娜,/1,sunny,1-1-101,欧阳菲菲,/' occupant.csv > renamed.csv
ok "an export with a name changed" pm-unit occupant import renamed.csv
out_is "one updated, none added" "0	1	3"
ok "listed" pm-unit -o tsv occupant list
is "still four" 4 "$(wc -l < "$T/.out")"
out_has "renamed in place" "^1	sunny	1-1-101	欧阳菲菲	owner"

# an empty personal-data cell never wipes what is stored
printf 'id,site,unit,name,role,move_in,phone,id_number\n1,sunny,1-1-101,,owner,2020-07-01,,\n' > empty.csv
ok "by id, empty name, phone and ID number" pm-unit occupant import empty.csv
out_is "nothing changed" "0	0	1"
printf 'site,unit,name,role,move_in,phone,id_number\nsunny,1-1-101,欧阳菲菲,owner,2020-07-01,,\n' > empty2.csv
ok "by natural key, empty phone and ID number" pm-unit occupant import empty2.csv
out_is "nothing changed either" "0	0	1"
ok "shown" pm-unit -o tsv occupant show 1 $U
out_has "phone and ID number kept" "	13812345678	11010519491231002X$"
printf 'site,plate,unit\nsunny,,1-1-101\n' > vempty.csv
fails 65 "an empty plate (the key) is needed" pm-unit vehicle import vempty.csv
err_has "named" "vempty.csv:2: vehicle: plate is needed"

# a required column present but empty: the engine says so, by name
printf 'code,name,kind\nx1,,office\n' > noname.csv
fails 65 "an empty site name" pm-unit site import noname.csv
err_has "name is needed, with file:line" "^pm-unit: noname.csv:2: site: name is needed$"
printf 'site,code,area\nsunny,9-9-9,\n' > noarea.csv
fails 65 "an empty unit area" pm-unit unit import noarea.csv
err_has "area is needed" "noarea.csv:2: unit: area is needed$"
ok "database still sound" pm-admin check
done_testing
