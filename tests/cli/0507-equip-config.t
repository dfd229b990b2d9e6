#!/bin/sh
# equipment.kinds: a tree of one's own replaces the built-in one; errors with their position.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-workorder equip new ELV-1 --kind 电梯/客梯 >/dev/null
mkdir -p config/pm
cat > config/pm/config.yaml <<'YAML'
equipment:
  kinds:
    电梯:
      importance: A
      sub: [客梯, 观光梯]
    泳池:
      importance: C
      sub: { 水泵: B, 过滤器: C }
YAML
ok "the config is valid" pm-admin config
ok "a kind of its own" pm-workorder equip new POOL-1 --kind 泳池/水泵
is "with its importance" "B" "$(pm-workorder equip show POOL-1 | cut -f13)"
ok "a top level's importance" pm-workorder equip new POOL-2 --kind 泳池
is "C" "C" "$(pm-workorder equip show POOL-2 | cut -f13)"
fails 65 "the built-in kinds are gone" pm-workorder equip new TNK-1 --kind 给排水/水箱
err_has "names the configured ones" "known: 电梯, 泳池"
ok "old rows still list" pm-workorder equip list --kind 电梯
out_has "ELV-1" "ELV-1"
cat > config/pm/config.yaml <<'YAML'
equipment:
  kinds:
    电梯: X
YAML
fails 78 "a bad importance" pm-admin config
err_has "file:line:col" "config.yaml:3:"
fails 78 "refused by the tool too" pm-workorder equip new X-1 --kind 电梯
done_testing
