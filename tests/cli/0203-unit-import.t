#!/bin/sh
# pm-unit import/export: all or nothing, line numbers, idempotent, GBK refused.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit building new 1 >/dev/null
pm-unit building new 2 >/dev/null

# BOM, CRLF, quoted fields with commas, quotes and a newline inside.
printf '\357\273\277site,code,building,floor,area,kind,state,handover\r\n' > units.csv
printf 'sunny,1-1-101,1,1,89.5,residence,occupied,2019-05-01\r\n' >> units.csv
printf 'sunny,1-1-102,1,1,"1,089.25",residence,vacant,\r\n' >> units.csv
printf 'sunny,2-1-201,2,2,120,office,renovating,2021-01-31\r\n' >> units.csv
printf 'sunny,S-1,,0,45.00,shop,occupied,\r\n' >> units.csv
ok "import a units CSV with a BOM and CRLF" pm-unit unit import units.csv
out_is "4 inserted" "4	0	0"
is "exactly the rows in the file" 4 "$(pm-unit unit list | wc -l)"
is "grouped area read right" "1089.25" "$(pm-unit unit show 1-1-102 | cut -f5)"
ok "the same file again" pm-unit unit import units.csv
out_is "changes nothing" "0	0	4"
is "audit has 4 unit rows, not 8" 4 "$(pm-admin audit --entity unit | wc -l)"

printf 'site,code,area,state\nsunny,1-1-101,89.5,vacant\nsunny,1-1-103,70,vacant\n' > upd.csv
ok "an import that updates one and adds one" pm-unit unit import upd.csv
out_is "counts" "1	1	0"

cat > occ.csv <<'C'
site,unit,name,role,move_in,phone,id_number
sunny,1-1-101,"张三, Jr.",owner,2019-05-01,13812345678,11010519491231002X
sunny,1-1-101,"李""四""",family,2019-05-01,,
sunny,2-1-201,"王
五",tenant,2021-02-01,+86 139 1234 5678,440300199003071234
C
ok "occupants with quoted commas, quotes, newlines, Chinese" pm-unit occupant import occ.csv
out_is "3 inserted" "3	0	0"
is "comma kept" '张三, Jr.' "$(pm-unit -o json occupant show 1 | jq -r .name)"
is "doubled quotes" '李"四"' "$(pm-unit -o json occupant show 2 | jq -r .name)"
is "newline kept" '王
五' "$(pm-unit -o json occupant show 3 | jq -r .name)"
ok "again" pm-unit occupant import occ.csv
out_is "no changes" "0	0	3"

cp pm.db before.db
printf 'site,code,building,area\nsunny,9-1,1,50\nsunny,9-2,7,50\nsunny,9-3,1,50\n' > badbld.csv
fails 66 "unknown building: nothing imported" pm-unit unit import badbld.csv
err_has "names the line" "badbld.csv:3: building 7: no such building"
printf 'site,code,area\nsunny,9-1,50\nsunny,9-2,0\n' > zero.csv
fails 65 "area 0" pm-unit unit import zero.csv
err_has "line 3" "zero.csv:3: area"
printf 'site,unit,name,role,move_in,id_number\nsunny,1-1-101,赵六,family,2020-01-01,110105194912310021\n' > badid.csv
fails 65 "bad ID check digit" pm-unit occupant import badid.csv
err_has "line 2" "badid.csv:2: ID number"
is "nothing was imported by the failures" 5 "$(pm-unit unit list | wc -l)"
ok "database still sound" pm-admin check

printf 'site,code,area,unit_prise\nsunny,9-1,50,3\n' > hdr.csv
fails 65 "unknown column" pm-unit unit import hdr.csv
err_has "header line" "hdr.csv:1: .*unit_prise"
printf 'site,area\nsunny,50\n' > nokey.csv
fails 65 "missing key column" pm-unit unit import nokey.csv
err_has "names it" "code"
printf 'site,code,area\nsunny,9-1\n' > short.csv
fails 65 "short row" pm-unit unit import short.csv

# GBK: 阳光 in GBK is D1 F4 B9 E2
printf 'code,name,kind\nsun2,\321\364\271\342,residential\n' > gbk.csv
fails 65 "GBK file refused" pm-unit site import gbk.csv
err_has "with the iconv command" "iconv -f GB18030 -t UTF-8"

printf '{"site":"sunny","code":"J-1","area":"33.3","kind":"storage"}\n{"site":"sunny","code":"J-2","area":12}\n' > u.jsonl
ok "JSON Lines import" pm-unit unit import u.jsonl
out_is "2 inserted" "2	0	0"
printf '{"site":"sunny","code":"J-3","area":"1"}\n{"site":"sunny","code":"J-4",' > trunc.jsonl
fails 65 "truncated last JSON line" pm-unit unit import trunc.jsonl
err_has "line 2" "trunc.jsonl:2"
is "nothing from it" "" "$(pm-unit unit list | grep J-3)"


printf 'site,code,area\nsunny,D-1,10\n' > dry.csv
ok "-n counts" pm-unit -n unit import dry.csv
out_is "would insert 1" "1	0	0"
is "but did not" "" "$(pm-unit unit list | grep D-1)"
ok "stdin" sh -c 'pm-unit unit import - < dry.csv'
out_is "from stdin" "1	0	0"

ok "export units" pm-unit unit export
out_has "CSV header" "site,code,building,floor,area,kind,state,handover"
cp "$T/.out" exported.csv
ok "re-import the export" pm-unit unit import exported.csv
out_has "changes nothing" "^0	0	"
ok "export occupants unmasked round-trips" pm-unit occupant export --unmask --reason 备份
cp "$T/.out" occ-export.csv
ok "re-import" pm-unit occupant import occ-export.csv
out_is "no changes" "0	0	3"
printf 'code,name,kind\nf1,=cmd|calc,office\n' > formula.csv
ok "a formula-looking name" pm-unit site import formula.csv
ok "export neutralises it" pm-unit -o csv site list
out_has "leading quote" "f1,'=cmd\|calc,office"
ok "database still sound" pm-admin check

done_testing
