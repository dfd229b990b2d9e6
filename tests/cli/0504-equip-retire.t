#!/bin/sh
# pm-workorder equip retire: once, with a reason, not before installation.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-workorder equip new TNK-1 --kind 给排水/水箱 --installed 2015-03-01 >/dev/null
pm-workorder equip new TNK-2 --kind 给排水/水箱 --installed 2015-03-01 >/dev/null
pm-workorder equip new TNK-3 --kind 给排水/水箱 >/dev/null

fails 64 "a reason is required" pm-workorder equip retire TNK-1
err_has "names the option" "--reason"
fails 65 "an empty reason" pm-workorder equip retire TNK-1 --reason ''
err_has "by its option" "--reason"
ok "retire" pm-workorder equip retire TNK-1 --reason 更换为不锈钢水箱
quiet "prints nothing"
is "today" "2026-11-30	更换为不锈钢水箱" "$(pm-workorder equip show TNK-1 | cut -f16,17)"
is "gone from the list" "TNK-2 TNK-3" "$(pm-workorder -o id equip list | tr '\n' ' ' | sed 's/ $//')"
fails 65 "retire twice" pm-workorder equip retire TNK-1 --reason 又一次
err_has "says when" "already retired on 2026-11-30"
ok "on a date" pm-workorder equip retire TNK-2 --reason 报废 --date 2026-10-01
is "that date" "2026-10-01" "$(pm-workorder equip show TNK-2 | cut -f16)"
fails 65 "before its installation" sh -c 'pm-workorder equip set TNK-3 --installed 2020-01-01 && pm-workorder equip retire TNK-3 --reason x --date 2019-12-31'
err_has "names both" "retired 2019-12-31 is before installed 2020-01-01"
fails 65 "a bad date" pm-workorder equip retire TNK-3 --reason x --date 2026-02-30
fails 66 "unknown equipment" pm-workorder equip retire NOPE --reason x
fails 66 "unknown site" pm-workorder equip retire TNK-3 --reason x --site nowhere
is "TNK-3 still in service" "TNK-3" "$(pm-workorder -o id equip list)"
is "audited as changes" 2 "$(pm-admin audit --entity equipment --action set | grep -c '"retired":"20')"
pm-org staff new wang --name 王秩序 --roles security >/dev/null 2>&1
fails 77 "security may not retire" env PM_USER=wang pm-workorder equip retire TNK-3 --reason x
done_testing
