/* test_equip.c — equipment on a fresh database: the kind tree and the
 * importance it implies, the rules across fields, retirement, the
 * filters, and the lookups plans and work orders call. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "admin.h"
#include "equip.h"
#include "registry.h"
#include "fixture.h"

static pm_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	return fx_open(&ctx, "pm-workorder", "root",
	    "INSERT INTO site (id, code, name, kind) VALUES (1, 'sunny', '阳光', 'residential'),"
	    " (2, 'moon', '月亮', 'residential');"
	    "INSERT INTO building (site_id, code) VALUES (1, '3'), (2, '3');"
	    "INSERT INTO staff (login, name, created_at) VALUES ('li.ming', '李明', 1700000000)");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

/* put(mode, "field=value", ..., NULL) */
static int
put(pm_rmode mode, ...)
{
	pm_rput res;
	pm_rrec rec;
	va_list ap;
	int rc;

	va_start(ap, mode);
	rc = fx_record(pm_equip_kind(), &rec, ap);
	va_end(ap);
	assert_int_equal(rc, 0);
	pm_err_clear(&ctx.err);
	return pm_equip_put(&ctx, &rec, mode, &res, &ctx.err);
}

static void
kinds_and_importance(void **state)
{
	pm_equip_ref e;

	(void)state;
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=ELV-1", "kind=电梯 › 客梯", NULL), 0);
	assert_int_equal(pm_equip_find(&ctx, 1, "ELV-1", &e, &ctx.err), 0);
	assert_string_equal(e.kind, "电梯/客梯");
	assert_string_equal(e.importance, "A");
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=TNK-1", "kind=给排水>水箱", NULL), 0);
	assert_int_equal(pm_equip_find(&ctx, 1, "TNK-1", &e, &ctx.err), 0);
	assert_string_equal(e.importance, "B");
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=CAM-1", "kind=弱电/监控",
	    "importance=C", NULL), 0);
	assert_int_equal(pm_equip_find(&ctx, 1, "CAM-1", &e, &ctx.err), 0);
	assert_string_equal(e.importance, "C");
	/* set changes the kind, not the importance */
	assert_int_equal(put(PM_PUT_SET, "site=sunny", "code=TNK-1", "kind=供配电", NULL), 0);
	assert_int_equal(pm_equip_find(&ctx, 1, "TNK-1", &e, &ctx.err), 0);
	assert_string_equal(e.kind, "供配电");
	assert_string_equal(e.importance, "B");
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=X", "kind=电梯/观光梯", NULL),
	    PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "no such equipment kind"));
	assert_string_equal(ctx.err.field, "kind");
}

static void
rules(void **state)
{
	(void)state;
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=A", "kind=其他",
	    "installed=2024-01-10", "warranty_end=2023-12-31", NULL), PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg, "warranty_end 2023-12-31 is before installed 2024-01-10");
	assert_string_equal(ctx.err.field, "warranty_end");
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=A", "kind=其他", "dept=nope", NULL),
	    PM_EX_NOINPUT);
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=A", "kind=其他",
	    "responsible=nobody", NULL), PM_EX_NOINPUT);
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=A", "kind=其他", "building=9", NULL),
	    PM_EX_NOINPUT);
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=A", "kind=其他", "retired=2026-01-01",
	    NULL), PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg, "retire_reason is needed with retired");
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=A", "kind=其他", "retire_reason=x",
	    NULL), PM_EX_DATAERR);
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=A", "kind=其他", "building=3",
	    "dept=maint", "responsible=li.ming", "installed=2024-01-10", NULL), 0);
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=A", "kind=其他", NULL), PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "already exists"));
	/* the same code at another site is another equipment */
	assert_int_equal(put(PM_PUT_NEW, "site=moon", "code=A", "kind=其他", "building=3", NULL), 0);
}

static void
retire_and_work(void **state)
{
	pm_equip_ref e;
	pm_rput res;

	(void)state;
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=P", "kind=给排水/生活水泵",
	    "installed=2020-01-01", NULL), 0);
	assert_int_equal(pm_equip_find(&ctx, 1, "P", &e, &ctx.err), 0);
	assert_int_equal(pm_equip_accepts_work(&e, &ctx.err), 0);
	assert_int_equal(pm_equip_retire(&ctx, "sunny", "P", "2019-12-31", "old", &res, &ctx.err),
	    PM_EX_DATAERR);
	assert_int_equal(pm_equip_retire(&ctx, "sunny", "P", NULL, "", &res, &ctx.err),
	    PM_EX_DATAERR);
	assert_int_equal(pm_equip_retire(&ctx, "sunny", "P", NULL, "更换", &res, &ctx.err), 0);
	assert_int_equal(res.change, PM_R_UPDATED);
	assert_int_equal(pm_equip_retire(&ctx, "sunny", "P", NULL, "again", &res, &ctx.err),
	    PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg, "equipment P: already retired on 2026-11-30");
	assert_int_equal(pm_equip_get(&ctx, e.id, &e, &ctx.err), 0);
	assert_string_equal(e.retired, "2026-11-30");
	assert_int_equal(pm_equip_accepts_work(&e, &ctx.err), PM_EX_DATAERR);
	assert_string_equal(ctx.err.field, "equipment");
	assert_non_null(strstr(ctx.err.msg, "takes no new work"));
	assert_int_equal(pm_equip_retire(&ctx, "sunny", "NOPE", NULL, "x", &res, &ctx.err),
	    PM_EX_NOINPUT);
	assert_int_equal(pm_equip_find(&ctx, 2, "P", &e, &ctx.err), PM_EX_NOINPUT);
	assert_string_equal(ctx.err.msg, "equipment P: no such equipment");
	assert_int_equal(pm_equip_get(&ctx, 999, &e, &ctx.err), PM_EX_NOINPUT);
}

struct seen { char codes[200]; int n; };

static int
collect(void *arg, const pm_equip_ref *e)
{
	struct seen *s = arg;
	size_t len = strlen(s->codes);

	snprintf(s->codes + len, sizeof s->codes - len, "%s%s", len ? " " : "", e->code);
	return ++s->n == 99 ? 7 : 0;
}

static void
each_and_list(void **state)
{
	pm_equip_filter f;
	struct seen s;
	pm_riter *it = NULL;
	pm_rrow row;
	pm_rput res;
	int n;

	(void)state;
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=E2", "kind=电梯/货梯", NULL), 0);
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=E1", "kind=电梯/客梯", NULL), 0);
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=E0", "kind=电梯", NULL), 0);
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=E3", "kind=电梯/扶梯", NULL), 0);
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=F1", "kind=消防/喷淋", NULL), 0);
	assert_int_equal(put(PM_PUT_NEW, "site=moon", "code=E9", "kind=电梯/客梯", NULL), 0);
	assert_int_equal(pm_equip_retire(&ctx, "sunny", "E3", NULL, "拆除", &res, &ctx.err), 0);
	/* every lift in service at sunny, by code */
	memset(&s, 0, sizeof s);
	assert_int_equal(pm_equip_each(&ctx, 1, "电梯", collect, &s, &ctx.err), 0);
	assert_string_equal(s.codes, "E0 E1 E2");
	memset(&s, 0, sizeof s);
	assert_int_equal(pm_equip_each(&ctx, 1, "电梯/客梯", collect, &s, &ctx.err), 0);
	assert_string_equal(s.codes, "E1");
	memset(&s, 0, sizeof s);
	assert_int_equal(pm_equip_each(&ctx, 1, NULL, collect, &s, &ctx.err), 0);
	assert_string_equal(s.codes, "E0 E1 E2 F1");
	memset(&s, 0, sizeof s);
	s.n = 97;
	assert_int_equal(pm_equip_each(&ctx, 1, NULL, collect, &s, &ctx.err), 7);
	/* the list's kind filter is the same prefix, canonicalised */
	memset(&f, 0, sizeof f);
	f.kind = "电梯";
	f.site = "sunny";
	f.all = 1;
	assert_int_equal(pm_equip_list(&ctx, &f, &it, &ctx.err), 0);
	for (n = 0; pm_record_next(it, &row, &ctx.err) == 1; n++)
		;
	pm_record_iter_free(it);
	assert_int_equal(n, 4);
	f.kind = "飞机";
	assert_int_equal(pm_equip_list(&ctx, &f, &it, &ctx.err), PM_EX_DATAERR);
	f.kind = NULL;
	f.site = "nowhere";
	assert_int_equal(pm_equip_list(&ctx, &f, &it, &ctx.err), PM_EX_NOINPUT);
	f.site = NULL;
	f.dept = "nope";
	assert_int_equal(pm_equip_list(&ctx, &f, &it, &ctx.err), PM_EX_NOINPUT);
	f.dept = NULL;
	f.importance = "D";
	assert_int_equal(pm_equip_list(&ctx, &f, &it, &ctx.err), PM_EX_DATAERR);
}

static void
config_tree(void **state)
{
	static const char yaml[] = "equipment:\n  kinds:\n    泳池:\n      importance: C\n"
	    "      sub: { 水泵: A }\n";
	pm_config *cfg = NULL;
	pm_category *c = NULL;
	const char *attr;
	char canon[200];
	pm_err err;

	(void)state;
	assert_int_equal(pm_config_parse("c.yaml", yaml, sizeof yaml - 1, &cfg, &err), 0);
	assert_int_equal(pm_equip_kinds(cfg, &c, &err), 0);
	assert_int_equal(pm_category_find(c, "泳池/水泵", canon, sizeof canon, &attr, &err), 0);
	assert_string_equal(attr, "A");
	assert_int_equal(pm_category_find(c, "电梯", canon, sizeof canon, &attr, &err),
	    PM_EX_DATAERR);
	pm_category_free(c);
	pm_config_free(cfg);
	/* the built-in tree has the paths plans' interval rules name */
	assert_int_equal(pm_equip_kinds(ctx.cfg, &c, &err), 0);
	assert_int_equal(pm_category_find(c, "消防/火灾报警控制器", canon, sizeof canon, &attr,
	    &err), 0);
	assert_int_equal(pm_category_find(c, "给排水/水箱", canon, sizeof canon, &attr, &err), 0);
	assert_int_equal(pm_category_find(c, "其他", canon, sizeof canon, &attr, &err), 0);
	assert_string_equal(attr, "C");
	pm_category_free(c);
	assert_true(pm_perm_is_declared("equipment.edit"));
	assert_true(pm_perm_is_declared("equipment.import"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(kinds_and_importance, setup, teardown),
		cmocka_unit_test_setup_teardown(rules, setup, teardown),
		cmocka_unit_test_setup_teardown(retire_and_work, setup, teardown),
		cmocka_unit_test_setup_teardown(each_and_list, setup, teardown),
		cmocka_unit_test_setup_teardown(config_tree, setup, teardown),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
