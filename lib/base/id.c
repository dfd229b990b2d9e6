/* id.c — typed record IDs; see id.h. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "id.h"
#include "text.h"

const pm_idkind pm_idkinds[] = {
	{ 'A', "action", "improvement action" },
	{ 'B', "bill", "bill" },
	{ 'C', "contact", "complaint or other owner contact" },
	{ 'D', "drill", "drill" },
	{ 'E', "equipment", "equipment" },
	{ 'G', "meeting", "department work meeting" },
	{ 'H', "hazard", "hazard" },
	{ 'I', "incident", "incident" },
	{ 'M', "plan", "maintenance plan" },
	{ 'P', "payment", "payment" },
	{ 'R', "round", "patrol round" },
	{ 'W', "workorder", "work order" },
	{ 0, NULL, NULL }
};

const pm_idkind *
pm_idkind_of(char type)
{
	const pm_idkind *k;
	char up = (char)toupper((unsigned char)type);

	for (k = pm_idkinds; k->type != 0; k++)
		if (k->type == up)
			return k;
	return NULL;
}

/* Quote user input in a message without letting it break the line or
 * the terminal. */
static const char *
shown(const char *s, pm_buf *b)
{
	pm_buf_reset(b);
	pm_text_safe(b, s);
	if (b->len > 40) {
		b->len = 40;
		while (b->len > 0 && ((unsigned char)b->s[b->len] & 0xc0) == 0x80)
			b->len--;
		b->s[b->len] = '\0';
		pm_buf_adds(b, "…");
	}
	return b->s;
}

int
pm_id_parse(const char *s, char want, pm_id *out, pm_err *err)
{
	const pm_idkind *k = NULL;
	const char *p = s;
	int64_t n = 0;
	pm_buf b;
	int rc;

	pm_buf_init(&b);
	if (isalpha((unsigned char)*p)) {
		k = pm_idkind_of(*p);
		if (k == NULL) {
			rc = pm_err_set(err, PM_EX_USAGE, _("%s: unknown ID type '%c'"),
			    shown(s, &b), *p);
			goto out;
		}
		if (want != 0 && k->type != want) {
			rc = pm_err_set(err, PM_EX_USAGE, _("%s: not a %s ID (%c...)"),
			    shown(s, &b), pm_idkind_of(want)->what, want);
			goto out;
		}
		p++;
	} else if (want == 0) {
		rc = pm_err_set(err, PM_EX_USAGE, _("%s: not an ID (like C12)"), shown(s, &b));
		goto out;
	}
	if (!isdigit((unsigned char)*p) || *p == '0') {
		rc = pm_err_set(err, PM_EX_USAGE, _("%s: not an ID (like %c12)"),
		    shown(s, &b), want ? want : 'C');
		goto out;
	}
	for (; isdigit((unsigned char)*p); p++) {
		n = n * 10 + (*p - '0');
		if (n > PM_ID_MAX) {
			rc = pm_err_set(err, PM_EX_USAGE, _("%s: ID too large"), shown(s, &b));
			goto out;
		}
	}
	if (*p != '\0') {
		rc = pm_err_set(err, PM_EX_USAGE, _("%s: not an ID (like %c12)"),
		    shown(s, &b), want ? want : 'C');
		goto out;
	}
	out->type = k ? k->type : want;
	out->n = n;
	rc = 0;
out:
	pm_buf_free(&b);
	return rc;
}

size_t
pm_id_format(pm_id id, char *buf, size_t n)
{
	char tmp[24], *p = tmp + sizeof tmp;
	uint64_t u = id.n < 0 ? (uint64_t)0 - (uint64_t)id.n : (uint64_t)id.n;
	size_t len;

	/* by hand, not snprintf: listings type an id or three a row */
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (id.n < 0)
		*--p = '-';
	*--p = id.type;
	len = (size_t)(tmp + sizeof tmp - p);
	if (n > 0) {
		size_t k = len < n ? len : n - 1;
		memcpy(buf, p, k);
		buf[k] = '\0';
	}
	return len;
}

int
pm_idreg_add(pm_idreg *r, char type, const void *entry)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		if (r->entry[i] == entry)
			return 0;
		if (r->type[i] == type)
			return -1;
	}
	if (r->n == PM_IDREG_MAX)
		return -1;
	r->type[r->n] = type;
	r->entry[r->n++] = entry;
	return 0;
}

const void *
pm_idreg_find(const pm_idreg *r, char type)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->type[i] == type)
			return r->entry[i];
	return NULL;
}
