#!/bin/sh
# pm-patrol point: checkpoints as a record kind — new, list, show, set,
# retire, import, export; the checklist's syntax and canonical spelling;
# tags unique within a site; the failure paths.
. "$PM_TESTS/lib.sh"
q() { "$@" >/dev/null 2>"$T/.err" || _notok "setup: $*"; }
q pm-admin init
q pm-org staff new admin --name 管理员
q pm-org staff new li --name 李保安 --roles security --dept security
q pm-org staff new zhao --name 赵 --roles service --dept service
q pm-unit site new sunny --name 阳光花园 --kind residential
q pm-unit building new 3 --name 3号楼
export PM_USER=li

ok "new" pm-patrol point new --kind entrance --name 北门岗 --tag QR-N1 N-GATE
out_is "prints the code" "N-GATE"
ok "with a checklist" pm-patrol point new --kind fire --name 3号楼消防通道 --building 3 \
	--checklist ' 门锁 ; 压力 : number : 0.80..1.20;通道:choice: 畅通 | 堵塞 ;备注:text' B3-FIRE
ok "show" pm-patrol -o json point show B3-FIRE
is "the checklist in its canonical spelling" "门锁;压力:number:0.8..1.2;通道:choice:畅通|堵塞;备注:text" \
	"$(jq -r .checklist "$T/.out")"
is "building" "3" "$(jq -r .building "$T/.out")"
fails 65 "a kind not known" pm-patrol point new --kind garden G1
fails 65 "the code twice" pm-patrol point new --kind entrance N-GATE
fails 65 "a tag taken at the site" pm-patrol point new --kind cctv --tag QR-N1 CCTV-1
err_has "says whose" "tag QR-N1 is another checkpoint's at this site"
for bad in 'a:number:2..1' 'a:choice:x' 'a:choice:' 'a:colour' 'a;a' 'a=b' ':yesno' 'a:text:x' 'a:number:1..x'; do
	fails 65 "checklist '$bad' refused" pm-patrol point new --kind other --checklist "$bad" X1
done
fails 66 "an unknown building" pm-patrol point new --kind other --building 9 X1
fails 77 "needs patrol.point" pm-patrol --as zhao point new --kind other X1
ok "list" pm-patrol point list
is "two" 2 "$(wc -l < "$T/.out" | tr -d ' ')"
ok "list --kind" pm-patrol point list --kind fire -o id
out_is "the fire one" "B3-FIRE"
fails 64 "list --kind names a kind" pm-patrol point list --kind garden
ok "set" pm-patrol point set --place 地下车库入口 --tag QR-N1B N-GATE
quiet "set is quiet"
ok "shown" pm-patrol -o json point show N-GATE
is "changed" "地下车库入口 QR-N1B" "$(jq -r '"\(.place) \(.tag)"' "$T/.out")"
fails 66 "show an unknown one" pm-patrol point show NOPE
ok "retire" pm-patrol point retire --reason 拆除 N-GATE
ok "hidden from list" pm-patrol point list -o id
out_is "only B3-FIRE" "B3-FIRE"
ok "list --all" pm-patrol point list --all -o id
is "both" 2 "$(wc -l < "$T/.out" | tr -d ' ')"
fails 65 "retired twice" pm-patrol point retire --reason 又拆 N-GATE
fails 64 "retire needs a reason" pm-patrol point retire N-GATE
ok "export" pm-patrol point export --all -o csv
cp "$T/.out" points.csv
out_has "the header" "site,code,name,kind,building,place,tag,checklist"
cat > more.csv <<C
site,code,name,kind,tag,checklist
sunny,P-B1,地库B1,parking,QR-P1,照明;积水:yesno
sunny,B3-FIRE,3号楼消防通道,fire,,门锁;压力:number:0.8..1.2;通道:choice:畅通|堵塞;备注:text
C
ok "import" pm-patrol point import more.csv
out_has "one inserted, one unchanged" "1	0	1"
ok "import again" pm-patrol point import more.csv
out_has "changes nothing" "0	0	2"
printf 'site,code,kind,checklist\nsunny,Q1,other,a:bogus\n' > bad.csv
fails 65 "a bad row" pm-patrol point import bad.csv
err_has "file:line" "bad.csv:2"
ok "-n" pm-patrol -n point import more.csv
done_testing
