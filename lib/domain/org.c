/* org.c — departments and staff; see org.h. */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "audit.h"
#include "buf.h"
#include "json.h"
#include "pii.h"
#include "org.h"
#include "org_perm.h"
#include "perm.h"
#include "text.h"
#include "unit.h"

#define NAME_MAX_CHARS 64
#define CODE_MAX 32

/* ---- small helpers --------------------------------------------------- */

/* A growable list of owned strings. */
struct strvec {
	char **v;
	size_t n, cap;
};

static void
strvec_free(struct strvec *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof *sv);
}

static int
strvec_has(const struct strvec *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return 1;
	return 0;
}

/* Append a copy of s unless it is there already. */
static void
strvec_add(struct strvec *sv, const char *s)
{
	if (strvec_has(sv, s))
		return;
	if (sv->n == sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		if ((sv->v = realloc(sv->v, sv->cap * sizeof *sv->v)) == NULL)
			abort();        /* as buf.h */
	}
	if ((sv->v[sv->n++] = strdup(s)) == NULL)
		abort();
}

/* Split a comma-separated list ("" is the empty list); an empty item
 * ("a,,b", "a,") is a mistake worth naming rather than skipping. */
static int
split(const char *s, const char *what, struct strvec *out, pm_err *err)
{
	const char *p = s, *comma;
	char item[256];
	size_t n;

	memset(out, 0, sizeof *out);
	if (*s == '\0')
		return 0;
	for (;;) {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		if (n == 0) {
			strvec_free(out);
			return pm_text_fail(err, PM_EX_DATAERR, _("%s: an empty name in the list"), what);
		}
		if (n >= sizeof item) {
			strvec_free(out);
			return pm_text_fail(err, PM_EX_DATAERR, _("%s: a name in the list is too long"), what);
		}
		memcpy(item, p, n);
		item[n] = '\0';
		strvec_add(out, item);
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

static int
check_name(const char *s, const char *what, pm_err *err)
{
	if (*s == '\0')
		return pm_err_set(err, PM_EX_DATAERR, _("%s: empty"), what);
	return pm_text_check(s, strlen(s), NAME_MAX_CHARS, what, err);
}

/* Look a key up: sql selects (id, active) for ?1.  *id is 0 when absent. */
static int
lookup(pm_ctx *ctx, const char *sql, const char *key, int64_t *id, int *active, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	*id = 0;
	*active = 0;
	if ((rc = pm_db_prepare(ctx->db, sql, &st, err)) != 0)
		return rc;
	pm_stmt_bind_text(st, 1, key);
	rc = pm_stmt_step(st, err);
	if (rc == 1) {
		*id = pm_stmt_int(st, 0);
		*active = pm_stmt_int(st, 1) != 0;
	}
	pm_stmt_free(st);
	return rc < 0 ? err->status : 0;
}

static int
staff_find(pm_ctx *ctx, const char *login, int64_t *id, int *active, pm_err *err)
{
	int rc = lookup(ctx, "SELECT id, active FROM staff WHERE login = ?1", login, id,
	    active, err);

	if (rc == 0 && *id == 0)
		return pm_text_fail(err, PM_EX_NOINPUT, _("staff %s: no such staff member"), login);
	return rc;
}

static int
dept_find(pm_ctx *ctx, const char *code, int64_t *id, int *active, pm_err *err)
{
	int rc = lookup(ctx, "SELECT id, active FROM department WHERE code = ?1", code, id,
	    active, err);

	if (rc == 0 && *id == 0)
		return pm_text_fail(err, PM_EX_NOINPUT, _("department %s: no such department"), code);
	return rc;
}

int
pm_org_dept_id(pm_ctx *ctx, const char *code, unsigned flags, int64_t *id, pm_err *err)
{
	int active, rc;

	if ((rc = dept_find(ctx, code, id, &active, err)) != 0)
		return rc;
	if ((flags & PM_ORG_ACTIVE) && !active) {
		*id = 0;
		return pm_text_fail(err, PM_EX_DATAERR, _("department %s is deactivated"), code);
	}
	return 0;
}

int
pm_org_staff_id(pm_ctx *ctx, const char *login, unsigned flags, int64_t *id, pm_err *err)
{
	int active, rc;

	if ((rc = staff_find(ctx, login, id, &active, err)) != 0)
		return rc;
	if ((flags & PM_ORG_ACTIVE) && !active) {
		*id = 0;
		return pm_text_fail(err, PM_EX_DATAERR, _("%s is deactivated"), login);
	}
	return 0;
}

/* A site someone serves: any site, in service or not (unit.c's rule). */
static int
site_find(pm_ctx *ctx, const char *code, int64_t *id, pm_err *err)
{
	return pm_unit_site_find(ctx, code, 0, id, err);
}

/* ---- departments ----------------------------------------------------- */

#define DEPT_SELECT "SELECT d.id, d.code, d.name_zh, d.name_en, s.login, d.active " \
	"FROM department d LEFT JOIN staff s ON s.id = d.head_id "

static void
dept_from_row(pm_stmt *st, pm_dept *d)
{
	d->id = pm_stmt_int(st, 0);
	d->code = pm_stmt_text(st, 1);
	d->name_zh = pm_stmt_text(st, 2);
	d->name_en = pm_stmt_text(st, 3);
	d->head = pm_stmt_text(st, 4);
	d->active = pm_stmt_int(st, 5) != 0;
}

int
pm_org_dept_list(pm_ctx *ctx, int (*fn)(void *arg, const pm_dept *d), void *arg, pm_err *err)
{
	pm_stmt *st = NULL;
	pm_dept d;
	int rc, stop = 0;

	if ((rc = pm_db_prepare(ctx->db, DEPT_SELECT "ORDER BY d.code", &st, err)) != 0)
		return rc;
	while (stop == 0 && (rc = pm_stmt_step(st, err)) == 1) {
		dept_from_row(st, &d);
		stop = fn(arg, &d);
	}
	pm_stmt_free(st);
	if (rc < 0)
		return err->status;
	return stop;
}

/* The department's record as JSON, for the audit row. */
static int
dept_json(pm_ctx *ctx, int64_t id, pm_buf *b, pm_err *err)
{
	pm_stmt *st = NULL;
	pm_dept d;
	int rc;

	pm_buf_reset(b);
	if ((rc = pm_db_prepare(ctx->db, DEPT_SELECT "WHERE d.id = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		pm_json j;

		dept_from_row(st, &d);
		pm_json_init(&j, b);
		pm_json_obj(&j, NULL);
		pm_json_s(&j, "code", d.code);
		pm_json_s(&j, "name_zh", d.name_zh);
		pm_json_s(&j, "name_en", d.name_en);
		pm_json_s(&j, "head", d.head);
		pm_json_b(&j, "active", d.active);
		pm_json_end(&j);
		rc = 0;
	} else if (rc == 0) {
		rc = pm_err_set(err, PM_EX_SOFTWARE, _("department %lld vanished"), (long long)id);
	} else {
		rc = err->status;
	}
	pm_stmt_free(st);
	return rc;
}

int
pm_org_dept_add(pm_ctx *ctx, const char *code, const char *name_zh, const char *name_en,
    pm_err *err)
{
	pm_stmt *st = NULL;
	int64_t id;
	int active, rc;
	pm_buf after;

	pm_buf_init(&after);
	if (!pm_code_valid(code, CODE_MAX, 0)) {
		rc = pm_text_fail(err, PM_EX_DATAERR, _("'%s': not a department code (1-32 of a-z 0-9 _ -)"),
		    code);
		goto out;
	}
	if ((rc = check_name(name_zh, "name_zh", err)) != 0 ||
	    (rc = check_name(name_en, "name_en", err)) != 0)
		goto out;
	if ((rc = lookup(ctx, "SELECT id, active FROM department WHERE code = ?1", code, &id,
	    &active, err)) != 0)
		goto out;
	if (id != 0) {
		rc = pm_text_fail(err, PM_EX_DATAERR, _("department %s exists"), code);
		goto out;
	}
	if ((rc = pm_db_prepare(ctx->db, "INSERT INTO department (code, name_zh, name_en) "
	    "VALUES (?1, ?2, ?3)", &st, err)) != 0)
		goto out;
	pm_stmt_bind_text(st, 1, code);
	pm_stmt_bind_text(st, 2, name_zh);
	pm_stmt_bind_text(st, 3, name_en);
	if ((rc = pm_stmt_run(st, err)) != 0)
		goto out;
	if ((rc = dept_json(ctx, pm_db_last_id(ctx->db), &after, err)) != 0)
		goto out;
	rc = pm_audit_log(ctx, "department", code, "add", NULL, after.s, err);
out:
	pm_stmt_free(st);
	pm_buf_free(&after);
	return rc;
}

int
pm_org_dept_set(pm_ctx *ctx, const char *code, const pm_dept_change *c, pm_err *err)
{
	pm_buf before, after;
	int64_t id;
	int active, rc;

	pm_buf_init(&before);
	pm_buf_init(&after);
	if ((rc = dept_find(ctx, code, &id, &active, err)) != 0 ||
	    (rc = dept_json(ctx, id, &before, err)) != 0)
		goto out;
	if (c->name_zh != NULL && ((rc = check_name(c->name_zh, "name_zh", err)) != 0 ||
	    (rc = pm_db_run(ctx->db, err, "UPDATE department SET name_zh = ?2 WHERE id = ?1",
	    "it", id, c->name_zh)) != 0))
		goto out;
	if (c->name_en != NULL && ((rc = check_name(c->name_en, "name_en", err)) != 0 ||
	    (rc = pm_db_run(ctx->db, err, "UPDATE department SET name_en = ?2 WHERE id = ?1",
	    "it", id, c->name_en)) != 0))
		goto out;
	if (c->head != NULL && *c->head == '\0' &&
	    (rc = pm_db_run(ctx->db, err, "UPDATE department SET head_id = NULL WHERE id = ?1",
	    "i", id)) != 0)
		goto out;
	if (c->head != NULL && *c->head != '\0') {
		/* escalations go to the head: a deactivated one would read nothing */
		if ((rc = pm_org_assignable(ctx, c->head, err)) != 0)
			goto out;
		if ((rc = pm_db_run(ctx->db, err, "UPDATE department SET head_id = "
		    "(SELECT id FROM staff WHERE login = ?2) WHERE id = ?1", "it", id, c->head)) != 0)
			goto out;
	}
	if (c->active >= 0 && (rc = pm_db_run(ctx->db, err, c->active ?
	    "UPDATE department SET active = 1 WHERE id = ?1" :
	    "UPDATE department SET active = 0 WHERE id = ?1", "i", id)) != 0)
		goto out;
	if ((rc = dept_json(ctx, id, &after, err)) != 0)
		goto out;
	rc = pm_audit_log(ctx, "department", code, "set", before.s, after.s, err);
out:
	pm_buf_free(&before);
	pm_buf_free(&after);
	return rc;
}

/* ---- staff: reading -------------------------------------------------- */

#define STAFF_SELECT "SELECT s.id, s.login, s.name, s.phone, d.code, s.active, " \
	"s.created_at, s.deactivated_at FROM staff s LEFT JOIN department d ON d.id = s.dept_id "

/* Roles and sites of one staff member at a time, statements kept ready
 * so a list costs two small lookups a row. */
struct staffrd {
	pm_stmt *roles, *sites;
	pm_buf rb, sb;
};

const pm_col pm_org_staff_cols[PM_SC_N] = {
	{ "login", PM_C_ID, 16, 0, PM_COL_KEY },
	{ "name", PM_C_TEXT, 16, 0, 0 },
	{ "phone", PM_C_TEXT, 14, PM_PII_PHONE, 0 },
	{ "dept", PM_C_TEXT, 10, 0, 0 },
	{ "active", PM_C_BOOL, 0, 0, 0 },
	{ "roles", PM_C_LIST, 30, 0, 0 },
	{ "sites", PM_C_LIST, 30, 0, 0 },
	{ "created_at", PM_C_TIME, 0, 0, 0 },
	{ "deactivated_at", PM_C_TIME, 0, 0, 0 },
	{ "perms", PM_C_LIST, 60, 0, 0 },
};

static int
staffrd_open(pm_ctx *ctx, struct staffrd *rd, pm_err *err)
{
	int rc;

	memset(rd, 0, sizeof *rd);
	pm_buf_init(&rd->rb);
	pm_buf_init(&rd->sb);
	if ((rc = pm_db_prepare(ctx->db, "SELECT role FROM staff_role WHERE staff_id = ?1 "
	    "ORDER BY role", &rd->roles, err)) != 0)
		return rc;
	return pm_db_prepare(ctx->db, "SELECT t.code FROM staff_site ss "
	    "JOIN site t ON t.id = ss.site_id WHERE ss.staff_id = ?1 ORDER BY t.code",
	    &rd->sites, err);
}

static void
staffrd_close(struct staffrd *rd)
{
	pm_stmt_free(rd->roles);
	pm_stmt_free(rd->sites);
	pm_buf_free(&rd->rb);
	pm_buf_free(&rd->sb);
}

/* Column 0 of every row of q for id, comma-separated into b. */
static int
join_col(pm_stmt *q, int64_t id, pm_buf *b, pm_err *err)
{
	int rc;

	pm_buf_reset(b);
	pm_stmt_reset(q);
	pm_stmt_bind_int(q, 1, id);
	while ((rc = pm_stmt_step(q, err)) == 1) {
		if (b->len > 0)
			pm_buf_addc(b, ',');
		pm_buf_adds(b, pm_stmt_text(q, 0));
	}
	return rc < 0 ? err->status : 0;
}

static void
cell_s(pm_cell *c, const char *v)
{
	c->null = v == NULL;
	c->s = v;
}

/* Fill s from the current row of a STAFF_SELECT statement. */
static int
staffrd_fill(struct staffrd *rd, pm_stmt *st, pm_staff *s, pm_err *err)
{
	int rc;

	memset(s, 0, sizeof *s);
	s->id = pm_stmt_int(st, 0);
	s->login = pm_stmt_text(st, 1);
	s->name = pm_stmt_text(st, 2);
	s->phone = pm_stmt_text(st, 3);
	s->dept = pm_stmt_text(st, 4);
	s->active = pm_stmt_int(st, 5) != 0;
	s->created_at = pm_stmt_int(st, 6);
	s->deactivated_at = pm_stmt_null(st, 7) ? 0 : pm_stmt_int(st, 7);
	if ((rc = join_col(rd->roles, s->id, &rd->rb, err)) != 0 ||
	    (rc = join_col(rd->sites, s->id, &rd->sb, err)) != 0)
		return rc;
	s->roles = rd->rb.s;
	s->sites = rd->sb.s;
	cell_s(&s->c[PM_SC_LOGIN], s->login);
	cell_s(&s->c[PM_SC_NAME], s->name);
	cell_s(&s->c[PM_SC_PHONE], s->phone);
	cell_s(&s->c[PM_SC_DEPT], s->dept);
	s->c[PM_SC_ACTIVE].i = s->active;
	cell_s(&s->c[PM_SC_ROLES], s->roles);
	cell_s(&s->c[PM_SC_SITES], s->sites);
	s->c[PM_SC_CREATED].i = s->created_at;
	s->c[PM_SC_DEACTIVATED].null = s->deactivated_at == 0;
	s->c[PM_SC_DEACTIVATED].i = s->deactivated_at;
	s->c[PM_SC_PERMS].null = 1;
	return 0;
}

/* Walk the rows of st (a STAFF_SELECT), calling fn for each. */
static int
staff_walk(pm_ctx *ctx, pm_stmt *st, int (*fn)(void *arg, const pm_staff *s),
    void *arg, int *seen, pm_err *err)
{
	struct staffrd rd;
	pm_staff s;
	int rc, stop = 0;

	*seen = 0;
	if ((rc = staffrd_open(ctx, &rd, err)) != 0)
		goto out;
	while (stop == 0 && (rc = pm_stmt_step(st, err)) == 1) {
		if ((rc = staffrd_fill(&rd, st, &s, err)) != 0)
			goto out;
		(*seen)++;
		stop = fn(arg, &s);
	}
	rc = rc < 0 ? err->status : stop;
out:
	staffrd_close(&rd);
	return rc;
}

int
pm_org_staff_list(pm_ctx *ctx, const pm_staff_filter *f,
    int (*fn)(void *arg, const pm_staff *s), void *arg, pm_err *err)
{
	pm_stmt *st = NULL;
	int64_t dept_id = 0;
	int active, seen, rc, n = 0;
	pm_buf sql;

	if (f->dept != NULL && (rc = dept_find(ctx, f->dept, &dept_id, &active, err)) != 0)
		return rc;
	if (f->role != NULL && !pm_perm_role_exists(ctx, f->role)) {
		/* a database error says so instead of "no such role" */
		if ((rc = pm_perm_roles(ctx, NULL, NULL, err)) != 0)
			return rc;
		return pm_text_fail(err, PM_EX_NOINPUT, _("role %s: no such role"), f->role);
	}
	/* each filter adds a fixed fragment and binds its own value, so no
	 * parameter is a placeholder for a filter that is not there */
	pm_buf_init(&sql);
	pm_buf_adds(&sql, STAFF_SELECT "WHERE 1 = 1");
	if (dept_id != 0)
		pm_buf_addf(&sql, " AND s.dept_id = ?%d", ++n);
	if (f->role != NULL)
		pm_buf_addf(&sql, " AND EXISTS (SELECT 1 FROM staff_role r WHERE r.staff_id = s.id "
		    "AND r.role = ?%d)", ++n);
	if (!f->all)
		pm_buf_adds(&sql, " AND s.active = 1");
	pm_buf_adds(&sql, " ORDER BY s.login");
	rc = pm_db_prepare(ctx->db, sql.s, &st, err);
	pm_buf_free(&sql);
	if (rc != 0)
		return rc;
	n = 0;
	if (dept_id != 0)
		pm_stmt_bind_int(st, ++n, dept_id);
	if (f->role != NULL)
		pm_stmt_bind_text(st, ++n, f->role);
	rc = staff_walk(ctx, st, fn, arg, &seen, err);
	pm_stmt_free(st);
	return rc;
}

int
pm_org_staff_get(pm_ctx *ctx, const char *login,
    int (*fn)(void *arg, const pm_staff *s), void *arg, pm_err *err)
{
	pm_stmt *st = NULL;
	int seen = 0, rc;

	if ((rc = pm_db_prepare(ctx->db, STAFF_SELECT "WHERE s.login = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_text(st, 1, login);
	rc = staff_walk(ctx, st, fn, arg, &seen, err);
	pm_stmt_free(st);
	if (rc == 0 && seen == 0)
		return pm_text_fail(err, PM_EX_NOINPUT, _("staff %s: no such staff member"), login);
	return rc;
}

/* The record as JSON for the audit log: personal data masked by the
 * columns' classes, --unmask or not. */
static int
staff_json_row(void *arg, const pm_staff *s)
{
	pm_buf *b = arg, m;
	pm_json j;

	pm_buf_init(&m);
	pm_json_init(&j, b);
	pm_json_obj(&j, NULL);
	pm_json_s(&j, "login", s->login);
	pm_json_s(&j, "name", s->name);
	pm_mask(&m, pm_org_staff_cols[PM_SC_PHONE].pii, s->phone);
	pm_json_s(&j, "phone", s->phone != NULL ? m.s : NULL);
	pm_json_s(&j, "dept", s->dept);
	pm_json_b(&j, "active", s->active);
	pm_json_list(&j, "roles", s->roles);
	pm_json_list(&j, "sites", s->sites);
	pm_json_end(&j);
	pm_buf_free(&m);
	return 0;
}

static int
staff_json(pm_ctx *ctx, const char *login, pm_buf *b, pm_err *err)
{
	pm_buf_reset(b);
	return pm_org_staff_get(ctx, login, staff_json_row, b, err);
}

/* ---- roles ----------------------------------------------------------- */

/* The defined role names, "admin, clerk, ..." for messages. */
static int
rolenames_add(void *arg, const pm_role *r)
{
	pm_buf *list = arg;

	if (list->len > 0)
		pm_buf_adds(list, ", ");
	pm_buf_adds(list, r->name);
	return 0;
}

/* Every name must be a defined role; the message lists the defined ones. */
static int
roles_check(pm_ctx *ctx, const struct strvec *names, pm_err *err)
{
	pm_buf list, q;
	size_t i;
	int rc;

	pm_buf_init(&list);
	if ((rc = pm_perm_roles(ctx, rolenames_add, &list, err)) != 0)
		goto out;
	for (i = 0; i < names->n && rc == 0; i++) {
		if (pm_perm_role_exists(ctx, names->v[i]))
			continue;
		pm_buf_init(&q);
		rc = pm_err_set(err, PM_EX_DATAERR, _("role %s: no such role (roles: %s)"),
		    pm_text_quote(&q, names->v[i]), list.s);
		pm_buf_free(&q);
	}
out:
	pm_buf_free(&list);
	return rc;
}

/* Is there an active staff member holding a role that grants "admin"? */
static int
has_admin(pm_ctx *ctx, int *yes, pm_err *err)
{
	return pm_org_perm_admin_held(ctx, yes, err);
}

static int
roles_add(pm_ctx *ctx, int64_t id, const struct strvec *names, pm_err *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < names->n && rc == 0; i++)
		rc = pm_db_run(ctx->db, err, "INSERT INTO staff_role (staff_id, role) VALUES (?1, ?2) "
		    "ON CONFLICT DO NOTHING", "it", id, names->v[i]);
	return rc;
}

static int
roles_remove(pm_ctx *ctx, int64_t id, const char *login, const struct strvec *names,
    pm_err *err)
{
	pm_buf q;
	size_t i;
	int rc = 0;

	for (i = 0; i < names->n && rc == 0; i++) {
		if ((rc = pm_db_run(ctx->db, err, "DELETE FROM staff_role WHERE staff_id = ?1 "
		    "AND role = ?2", "it", id, names->v[i])) != 0)
			break;
		if (pm_db_changes(ctx->db) == 0) {
			pm_buf_init(&q);
			rc = pm_err_set(err, PM_EX_DATAERR, _("%s does not hold role %s"), login,
			    pm_text_quote(&q, names->v[i]));
			pm_buf_free(&q);
		}
	}
	return rc;
}

/* A role list option: split, and (unless removing) every name defined. */
static int
role_list(pm_ctx *ctx, const char *s, int must_exist, struct strvec *out, pm_err *err)
{
	int rc;

	if ((rc = split(s, "roles", out, err)) != 0)
		return rc;
	if (must_exist && (rc = roles_check(ctx, out, err)) != 0)
		strvec_free(out);
	return rc;
}

/* ---- staff: writing -------------------------------------------------- */

static int
set_phone(pm_ctx *ctx, int64_t id, const char *phone, pm_err *err)
{
	char digits[32];
	int rc;

	if (*phone == '\0')
		return pm_db_run(ctx->db, err, "UPDATE staff SET phone = NULL WHERE id = ?1", "i", id);
	if ((rc = pm_phone_normalize(phone, digits, sizeof digits, err)) != 0)
		return rc;
	return pm_db_run(ctx->db, err, "UPDATE staff SET phone = ?2 WHERE id = ?1", "it", id, digits);
}

static int
set_dept(pm_ctx *ctx, int64_t id, const char *code, pm_err *err)
{
	int64_t dept_id;
	pm_stmt *st = NULL;
	int active, rc;

	if (*code == '\0')
		return pm_db_run(ctx->db, err, "UPDATE staff SET dept_id = NULL WHERE id = ?1", "i", id);
	if ((rc = dept_find(ctx, code, &dept_id, &active, err)) != 0)
		return rc;
	if (!active)
		return pm_text_fail(err, PM_EX_DATAERR, _("department %s is inactive"), code);
	if ((rc = pm_db_prepare(ctx->db, "UPDATE staff SET dept_id = ?2 WHERE id = ?1", &st,
	    err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	pm_stmt_bind_int(st, 2, dept_id);
	rc = pm_stmt_run(st, err);
	pm_stmt_free(st);
	return rc;
}

static int
set_sites(pm_ctx *ctx, int64_t id, const char *list, pm_err *err)
{
	struct strvec codes;
	pm_stmt *st = NULL;
	int64_t site_id;
	size_t i;
	int rc;

	if ((rc = split(list, "sites", &codes, err)) != 0)
		return rc;
	if ((rc = pm_db_run(ctx->db, err, "DELETE FROM staff_site WHERE staff_id = ?1", "i", id)) != 0)
		goto out;
	if ((rc = pm_db_prepare(ctx->db, "INSERT INTO staff_site (staff_id, site_id) "
	    "VALUES (?1, ?2)", &st, err)) != 0)
		goto out;
	for (i = 0; i < codes.n; i++) {
		if ((rc = site_find(ctx, codes.v[i], &site_id, err)) != 0)
			goto out;
		pm_stmt_reset(st);
		pm_stmt_bind_int(st, 1, id);
		pm_stmt_bind_int(st, 2, site_id);
		if ((rc = pm_stmt_run(st, err)) != 0)
			goto out;
	}
out:
	pm_stmt_free(st);
	strvec_free(&codes);
	return rc;
}

/*
 * Nobody hands on what they do not have: every role c would give staff
 * id, or take away, must be one the actor may grant (org_perm.h).
 * Worked out before anything is written, from the roles held now, so
 * that an actor changing their own roles is judged by what they held.
 */
static int
grants_check(pm_ctx *ctx, int64_t id, const pm_staff_change *c, pm_err *err)
{
	struct strvec before, after, more;
	pm_stmt *st = NULL;
	size_t i;
	int rc;

	memset(&before, 0, sizeof before);
	memset(&after, 0, sizeof after);
	memset(&more, 0, sizeof more);
	if (c->roles == NULL && c->add_role == NULL && c->remove_role == NULL)
		return 0;
	if ((rc = pm_db_prepare(ctx->db, "SELECT role FROM staff_role WHERE staff_id = ?1 "
	    "ORDER BY role", &st, err)) != 0)
		goto out;
	pm_stmt_bind_int(st, 1, id);
	while ((rc = pm_stmt_step(st, err)) == 1)
		strvec_add(&before, pm_stmt_text(st, 0));
	if (rc < 0) {
		rc = err->status;
		goto out;
	}
	if ((rc = split(c->roles != NULL ? c->roles : "", "roles", &more, err)) != 0)
		goto out;
	for (i = 0; i < (c->roles != NULL ? more.n : before.n); i++)
		strvec_add(&after, c->roles != NULL ? more.v[i] : before.v[i]);
	strvec_free(&more);
	if (c->add_role != NULL) {
		if ((rc = split(c->add_role, "roles", &more, err)) != 0)
			goto out;
		for (i = 0; i < more.n; i++)
			strvec_add(&after, more.v[i]);
		strvec_free(&more);
	}
	if (c->remove_role != NULL && (rc = split(c->remove_role, "roles", &more, err)) != 0)
		goto out;
	for (i = 0; i < after.n && rc == 0; i++)
		if (!strvec_has(&before, after.v[i]) && !strvec_has(&more, after.v[i]))
			rc = pm_org_perm_may_grant(ctx, after.v[i], "grant", err);
	for (i = 0; i < before.n && rc == 0; i++)
		if (!strvec_has(&after, before.v[i]) || strvec_has(&more, before.v[i]))
			rc = pm_org_perm_may_grant(ctx, before.v[i], "take away", err);
out:
	pm_stmt_free(st);
	strvec_free(&before);
	strvec_free(&after);
	strvec_free(&more);
	return rc;
}

/* Apply the changes in c (name, phone, dept, roles, sites) to staff id;
 * grants: whether the actor's right to grant is checked (not for the
 * first member of an empty organisation). */
static int
apply(pm_ctx *ctx, int64_t id, const char *login, const pm_staff_change *c, int grants,
    pm_err *err)
{
	struct strvec names;
	int rc = 0;

	memset(&names, 0, sizeof names);
	if (c->name != NULL && ((rc = check_name(c->name, "name", err)) != 0 ||
	    (rc = pm_db_run(ctx->db, err, "UPDATE staff SET name = ?2 WHERE id = ?1", "it", id,
	    c->name)) != 0))
		goto out;
	if (c->phone != NULL && (rc = set_phone(ctx, id, c->phone, err)) != 0)
		goto out;
	if (c->dept != NULL && (rc = set_dept(ctx, id, c->dept, err)) != 0)
		goto out;
	/* unknown names first (65), then who may hand them on (77) */
	if (c->roles != NULL && (rc = role_list(ctx, c->roles, 1, &names, err)) != 0)
		goto out;
	strvec_free(&names);
	if (c->add_role != NULL && (rc = role_list(ctx, c->add_role, 1, &names, err)) != 0)
		goto out;
	strvec_free(&names);
	if (grants && (rc = grants_check(ctx, id, c, err)) != 0)
		goto out;
	if (c->roles != NULL) {
		if ((rc = role_list(ctx, c->roles, 1, &names, err)) != 0 ||
		    (rc = pm_db_run(ctx->db, err, "DELETE FROM staff_role WHERE staff_id = ?1", "i",
		    id)) != 0 ||
		    (rc = roles_add(ctx, id, &names, err)) != 0)
			goto out;
		strvec_free(&names);
	}
	if (c->add_role != NULL) {
		if ((rc = role_list(ctx, c->add_role, 1, &names, err)) != 0 ||
		    (rc = roles_add(ctx, id, &names, err)) != 0)
			goto out;
		strvec_free(&names);
	}
	if (c->remove_role != NULL) {
		/* a role no longer defined (a config role never imported) can still be removed */
		if ((rc = role_list(ctx, c->remove_role, 0, &names, err)) != 0 ||
		    (rc = roles_remove(ctx, id, login, &names, err)) != 0)
			goto out;
		strvec_free(&names);
	}
	if (c->sites != NULL)
		rc = set_sites(ctx, id, c->sites, err);
out:
	strvec_free(&names);
	return rc;
}

/* Has the organisation no staff at all yet? */
static int
org_empty(pm_ctx *ctx, int *empty, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	if ((rc = pm_db_prepare(ctx->db, "SELECT 1 FROM staff LIMIT 1", &st, err)) != 0)
		return rc;
	rc = pm_stmt_step(st, err);
	pm_stmt_free(st);
	if (rc < 0)
		return err->status;
	*empty = rc == 0;
	return 0;
}

/* Refuse a change that took away the organisation's last administrator:
 * without one, nobody could migrate, back up or fix roles again. */
static int
admin_guard(pm_ctx *ctx, int had_admin, pm_err *err)
{
	int yes, rc;

	if (!had_admin)
		return 0;
	if ((rc = has_admin(ctx, &yes, err)) != 0)
		return rc;
	if (!yes)
		return pm_err_set(err, PM_EX_DATAERR, _("that would leave no active administrator "
		    "(give the admin role to someone else first)"));
	return 0;
}

int
pm_org_staff_new(pm_ctx *ctx, const char *login, const pm_staff_change *c, int *first,
    pm_err *err)
{
	struct strvec admin;
	pm_stmt *st = NULL;
	int64_t id;
	int active, empty = 0, rc;
	pm_buf after;

	memset(&admin, 0, sizeof admin);
	pm_buf_init(&after);
	if (first != NULL)
		*first = 0;
	if (!pm_login_valid(login)) {
		rc = pm_text_fail(err, PM_EX_DATAERR, _("'%s': not a login (1-32 of a-z 0-9 . _ -)"), login);
		goto out;
	}
	if (c->name == NULL) {
		rc = pm_err_set(err, PM_EX_DATAERR, _("a staff member needs a name"));
		goto out;
	}
	if ((rc = check_name(c->name, "name", err)) != 0)
		goto out;
	if ((rc = lookup(ctx, "SELECT id, active FROM staff WHERE login = ?1", login, &id,
	    &active, err)) != 0)
		goto out;
	if (id != 0) {
		rc = pm_text_fail(err, PM_EX_DATAERR, _("staff %s exists"), login);
		goto out;
	}
	if ((rc = org_empty(ctx, &empty, err)) != 0)
		goto out;
	if ((rc = pm_db_prepare(ctx->db, "INSERT INTO staff (login, name, active, created_at) "
	    "VALUES (?1, ?2, 1, ?3)", &st, err)) != 0)
		goto out;
	pm_stmt_bind_text(st, 1, login);
	pm_stmt_bind_text(st, 2, c->name);
	pm_stmt_bind_int(st, 3, ctx->now);
	if ((rc = pm_stmt_run(st, err)) != 0)
		goto out;
	id = pm_db_last_id(ctx->db);
	if ((rc = apply(ctx, id, login, c, !empty, err)) != 0)
		goto out;
	/* the first staff member must be able to create everyone else */
	if (empty) {
		strvec_add(&admin, "admin");
		if ((rc = roles_add(ctx, id, &admin, err)) != 0)
			goto out;
		if (first != NULL)
			*first = 1;
	}
	if ((rc = staff_json(ctx, login, &after, err)) != 0)
		goto out;
	rc = pm_audit_log(ctx, "staff", login, "new", NULL, after.s, err);
out:
	pm_stmt_free(st);
	strvec_free(&admin);
	pm_buf_free(&after);
	return rc;
}

int
pm_org_staff_set(pm_ctx *ctx, const char *login, const pm_staff_change *c, pm_err *err)
{
	pm_buf before, after;
	int64_t id;
	int active, had_admin = 0, rc;

	pm_buf_init(&before);
	pm_buf_init(&after);
	if ((rc = staff_find(ctx, login, &id, &active, err)) != 0 ||
	    (rc = staff_json(ctx, login, &before, err)) != 0 ||
	    (rc = has_admin(ctx, &had_admin, err)) != 0 ||
	    (rc = apply(ctx, id, login, c, 1, err)) != 0 ||
	    (rc = admin_guard(ctx, had_admin, err)) != 0 ||
	    (rc = staff_json(ctx, login, &after, err)) != 0)
		goto out;
	rc = pm_audit_log(ctx, "staff", login, "set", before.s, after.s, err);
out:
	pm_buf_free(&before);
	pm_buf_free(&after);
	return rc;
}

/*
 * Deactivate (on = 0) or reactivate (on = 1) a staff member: one UPDATE
 * and one audit row; deactivating may not leave the organisation
 * without an administrator.
 */
static int
staff_set_active(pm_ctx *ctx, const char *login, int on, pm_err *err)
{
	pm_stmt *st = NULL;
	pm_buf before, after;
	int64_t id;
	int active, had_admin = 0, rc;

	pm_buf_init(&before);
	pm_buf_init(&after);
	if ((rc = staff_find(ctx, login, &id, &active, err)) != 0)
		goto out;
	if (active == on) {
		rc = pm_text_fail(err, PM_EX_DATAERR, on ? _("%s is already active") :
		    _("%s is already deactivated"), login);
		goto out;
	}
	if ((rc = staff_json(ctx, login, &before, err)) != 0 ||
	    (!on && (rc = has_admin(ctx, &had_admin, err)) != 0))
		goto out;
	if ((rc = pm_db_prepare(ctx->db, "UPDATE staff SET active = ?2, deactivated_at = ?3 "
	    "WHERE id = ?1", &st, err)) != 0)
		goto out;
	pm_stmt_bind_int(st, 1, id);
	pm_stmt_bind_int(st, 2, on);
	if (on)
		pm_stmt_bind_null(st, 3);
	else
		pm_stmt_bind_int(st, 3, ctx->now);
	if ((rc = pm_stmt_run(st, err)) != 0 ||
	    (!on && (rc = admin_guard(ctx, had_admin, err)) != 0) ||
	    (rc = staff_json(ctx, login, &after, err)) != 0)
		goto out;
	rc = pm_audit_log(ctx, "staff", login, on ? "activate" : "deactivate", before.s,
	    after.s, err);
out:
	pm_stmt_free(st);
	pm_buf_free(&before);
	pm_buf_free(&after);
	return rc;
}

int
pm_org_staff_deactivate(pm_ctx *ctx, const char *login, pm_err *err)
{
	return staff_set_active(ctx, login, 0, err);
}

int
pm_org_staff_activate(pm_ctx *ctx, const char *login, pm_err *err)
{
	return staff_set_active(ctx, login, 1, err);
}

int
pm_org_assignable(pm_ctx *ctx, const char *login, pm_err *err)
{
	int64_t id;
	int active, rc;

	if ((rc = staff_find(ctx, login, &id, &active, err)) != 0)
		return rc;
	if (!active)
		return pm_text_fail(err, PM_EX_DATAERR, _("%s is deactivated"), login);
	return 0;
}

/* ---- effective permissions ------------------------------------------- */

struct permcollect {
	struct strvec want;     /* role names asked about */
	struct strvec pats;
};

static int
perm_collect(void *arg, const pm_role *r)
{
	struct permcollect *pc = arg;
	size_t i;

	if (!strvec_has(&pc->want, r->name))
		return 0;
	for (i = 0; r->perms[i] != NULL; i++)
		strvec_add(&pc->pats, r->perms[i]);
	return 0;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
pm_org_perms(pm_ctx *ctx, const char *roles, pm_buf *out, pm_err *err)
{
	struct permcollect pc;
	size_t i, j, shown = 0;
	int rc;

	memset(&pc, 0, sizeof pc);
	if ((rc = split(roles != NULL ? roles : "", "roles", &pc.want, err)) != 0)
		return rc;
	if ((rc = pm_perm_roles(ctx, perm_collect, &pc, err)) != 0)
		goto out;
	if (pc.pats.n > 1)
		qsort(pc.pats.v, pc.pats.n, sizeof *pc.pats.v, str_cmp);
	for (i = 0; i < pc.pats.n; i++) {
		for (j = 0; j < pc.pats.n; j++)
			if (j != i && pm_perm_covers(pc.pats.v[j], pc.pats.v[i]))
				break;
		if (j < pc.pats.n)
			continue;
		if (shown++ > 0)
			pm_buf_addc(out, ',');
		pm_buf_adds(out, pc.pats.v[i]);
	}
out:
	strvec_free(&pc.want);
	strvec_free(&pc.pats);
	return rc;
}

/* ---- who answers an escalation level (escalate.h) --------------------- */

/* The rules of the organisation: head (of the record's department),
 * role:NAME, staff:LOGIN. */
static int
esc_check(const char *kind, const char *arg, pm_err *err)
{
	if (strcmp(kind, "head") == 0 && arg == NULL)
		return 0;
	if (strcmp(kind, "role") == 0 && arg != NULL && *arg != '\0' && pm_login_valid(arg))
		return 0;
	if (strcmp(kind, "staff") == 0 && arg != NULL && pm_login_valid(arg))
		return 0;
	return pm_err_set(err, PM_EX_CONFIG, _("use head, role:NAME or staff:LOGIN"));
}

static int
esc_who(pm_ctx *ctx, const char *kind, const char *arg, int64_t dept_id, int64_t site_id,
    char *out, size_t n, pm_err *err)
{
	out[0] = '\0';
	/* the head, if active: a deactivated one would read nothing */
	if (strcmp(kind, "head") == 0)
		return pm_db_get_text(ctx->db, err, out, n, NULL, "SELECT s.login FROM department d "
		    "JOIN staff s ON s.id = d.head_id WHERE d.id = ?1 AND s.active = 1", "i", dept_id);
	if (strcmp(kind, "staff") == 0)
		return pm_db_get_text(ctx->db, err, out, n, NULL,
		    "SELECT login FROM staff WHERE login = ?1 AND active = 1", "t", arg);
	/* role:NAME — someone serving the record's site first, then by login */
	if (strcmp(kind, "role") == 0)
		return pm_db_get_text(ctx->db, err, out, n, NULL, "SELECT s.login FROM staff s "
		    "JOIN staff_role r ON r.staff_id = s.id WHERE r.role = ?1 AND s.active = 1 "
		    "ORDER BY EXISTS (SELECT 1 FROM staff_site x WHERE x.staff_id = s.id "
		    "AND x.site_id = ?2) DESC, s.login LIMIT 1", "ti", arg, site_id);
	return pm_err_set(err, PM_EX_SOFTWARE, _("escalation: unknown rule %s"), kind);
}

static int
esc_login(pm_ctx *ctx, int64_t id, char *out, size_t n, pm_err *err)
{
	out[0] = '\0';
	return pm_db_get_text(ctx->db, err, out, n, NULL, "SELECT login FROM staff WHERE id = ?1",
	    "i", id);
}

const pm_esc_resolver pm_org_resolver = { esc_check, esc_who, esc_login };

int
pm_org_escalate_check(const char *levels, pm_err *err)
{
	return pm_escalate_parse(levels, &pm_org_resolver, NULL, err);
}

int64_t
pm_org_actor_id(pm_ctx *ctx)
{
	int64_t id = 0;
	pm_err e;

	if (pm_org_staff_id(ctx, ctx->actor.login, 0, &id, &e) != 0)
		return 0;
	return id;
}
