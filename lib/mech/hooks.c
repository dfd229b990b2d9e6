/* hooks.c — executables run on timeline events; see hooks.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "buf.h"
#include "hooks.h"
#include "text.h"

extern char **environ;

/* ---- configuration ----------------------------------------------------- */

static int
check_dir(const char *v, pm_err *err)
{
	if (*v != '\0' && *v != '/')
		return pm_err_set(err, PM_EX_CONFIG, _("must be an absolute path (or empty: no hooks)"));
	return 0;
}

static const pm_cfg_key config_keys[] = {
	{ "hooks.dir", PM_CFG_STR, "", NULL, 0, 0,
	  "directory of pre-ENTITY.EVENT and on-ENTITY.EVENT executables (absolute; empty: "
	  "no hooks)", check_dir },
	{ "hooks.timeout", PM_CFG_SPAN, "10s", NULL, 1, 3600,
	  "a hook still running after this is killed (a pre- hook's kill vetoes)", NULL },
	{ "hooks.limit", PM_CFG_INT, "1000", NULL, 0, 1000000,
	  "at most this many events a command run their on- hooks; the rest are reported",
	  NULL },
	{ "hooks.unmask", PM_CFG_BOOL, "false", NULL, 0, 0,
	  "hooks receive personal data in clear (each such command is audited)", NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};

const pm_cfg_slice pm_hooks_config = { "hooks", config_keys, NULL };

/* ---- the kinds ---------------------------------------------------------- */

#define KINDS_MAX 32
static const pm_hook_kind *kinds[KINDS_MAX];
static size_t nkinds;

int
pm_hooks_declare(const pm_hook_kind *k)
{
	size_t i;

	for (i = 0; i < nkinds; i++) {
		if (kinds[i] == k)
			return 0;
		if (strcmp(kinds[i]->entity, k->entity) == 0)
			return -1;
	}
	if (nkinds == KINDS_MAX)
		return -1;
	kinds[nkinds++] = k;
	return 0;
}

static const pm_hook_kind *
kind_of(const char *entity)
{
	size_t i;

	for (i = 0; i < nkinds; i++)
		if (strcmp(kinds[i]->entity, entity) == 0)
			return kinds[i];
	return NULL;
}

/* ---- one command's hooks ------------------------------------------------ */

/* An event waiting for its on- hooks. */
struct queued {
	char *name;             /* "ticket.new" */
	char *entity;
	char id[24];
	char *json;             /* the line, with its newline */
};

/* Which hooks exist for an event name, looked up once a command. */
#define HAS_PRE 0x1
#define HAS_ON  0x2
struct known {
	char *name;
	unsigned has;
};

struct pm_hooks {
	char *dir;
	int64_t timeout_ms;
	int64_t limit;
	int clear;
	unsigned any;           /* pre-any, on-any */
	int any_known;          /* any was looked up (at the first event) */
	struct queued *q;
	size_t nq, qcap, dropped;
	struct known *k;
	size_t nk, kcap;
};

static void *
grow(void *p, size_t n)
{
	void *r = realloc(p, n);

	if (r == NULL)
		abort();
	return r;
}

/* dir/phase-name is a regular executable file. */
static int
runnable(const pm_hooks *h, const char *phase, const char *name)
{
	char path[4096];
	struct stat sb;

	if ((size_t)snprintf(path, sizeof path, "%s/%s-%s", h->dir, phase, name) >= sizeof path)
		return 0;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && access(path, X_OK) == 0;
}

int
pm_hooks_open(pm_ctx *ctx, pm_err *err)
{
	const char *dir = pm_config_str(ctx->cfg, "hooks.dir");
	struct stat sb;
	pm_hooks *h;

	pm_hooks_free(ctx->hooks);
	ctx->hooks = NULL;
	if (dir == NULL || *dir == '\0')
		return 0;
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return pm_err_set(err, PM_EX_CONFIG, _("hooks.dir %s: %s"), dir,
		    errno == 0 || S_ISDIR(sb.st_mode) ? "not a directory" : strerror(errno));
	h = pm_xcalloc(1, sizeof *h);
	h->dir = pm_xstrdup(dir);
	h->timeout_ms = pm_config_span(ctx->cfg, "hooks.timeout") * 1000;
	h->limit = pm_config_int(ctx->cfg, "hooks.limit");
	h->clear = pm_config_int(ctx->cfg, "hooks.unmask") != 0;
	ctx->hooks = h;
	return 0;
}

void
pm_hooks_discard(pm_hooks *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < h->nq; i++) {
		free(h->q[i].name);
		free(h->q[i].entity);
		free(h->q[i].json);
	}
	h->nq = 0;
	h->dropped = 0;
}

void
pm_hooks_free(pm_hooks *h)
{
	size_t i;

	if (h == NULL)
		return;
	pm_hooks_discard(h);
	for (i = 0; i < h->nk; i++)
		free(h->k[i].name);
	free(h->k);
	free(h->q);
	free(h->dir);
	free(h);
}

int
pm_hooks_unmasked(const pm_hooks *h)
{
	DIR *d;
	struct dirent *de;
	int found = 0;

	if (h == NULL || !h->clear)
		return 0;
	if ((d = opendir(h->dir)) == NULL)
		return 1;       /* cannot tell: audit rather than miss one */
	while (!found && (de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, "pre-", 4) == 0)
			found = runnable(h, "pre", de->d_name + 4);
		else if (strncmp(de->d_name, "on-", 3) == 0)
			found = runnable(h, "on", de->d_name + 3);
	}
	closedir(d);
	return found;
}

/* HAS_PRE | HAS_ON for an event name, the catch-alls included: looked up
 * once a command (a bulk command has thousands of events of a few names). */
static unsigned
has_hooks(pm_hooks *h, const char *name)
{
	size_t i;
	unsigned has;

	if (!h->any_known) {
		h->any = (runnable(h, "pre", "any") ? HAS_PRE : 0) |
		    (runnable(h, "on", "any") ? HAS_ON : 0);
		h->any_known = 1;
	}
	for (i = 0; i < h->nk; i++)
		if (strcmp(h->k[i].name, name) == 0)
			return h->k[i].has | h->any;
	has = (runnable(h, "pre", name) ? HAS_PRE : 0) | (runnable(h, "on", name) ? HAS_ON : 0);
	if (h->nk == h->kcap) {
		h->kcap = h->kcap ? 2 * h->kcap : 8;
		h->k = grow(h->k, h->kcap * sizeof *h->k);
	}
	h->k[h->nk].name = pm_xstrdup(name);
	h->k[h->nk++].has = has;
	return has | h->any;
}

/* ---- running one executable ---------------------------------------------- */

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The highest file descriptor open now, so that the child can close
 * every one above stderr without knowing who opened them (the
 * database's, a log's): found before the fork, where opendir is safe. */
static int
highest_fd(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	long n, max = 2;

	if (d == NULL) {
		n = sysconf(_SC_OPEN_MAX);
		return n < 0 || n > 65536 ? 65536 : (int)n;
	}
	while ((de = readdir(d)) != NULL)
		if ((n = strtol(de->d_name, NULL, 10)) > max)
			max = n;
	closedir(d);
	return (int)max;
}

/* fd close-on-exec and above stderr (a process started with 0-2 closed
 * would get its pipes there, and the child's dup2 would lose them). */
static int
high(int fd)
{
	int h;

	if (fd < 0)
		return fd;
	if (fd > 2) {
		fcntl(fd, F_SETFD, FD_CLOEXEC);
		return fd;
	}
	h = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	close(fd);
	return h;
}

/* Keep the first line of what the hook says on stderr. */
struct errline {
	char *s;
	size_t n, len;
	int done;               /* the first newline was seen */
};

static void
errline_add(struct errline *e, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && !e->done; i++) {
		if (p[i] == '\n')
			e->done = 1;
		else if (e->len + 1 < e->n)
			e->s[e->len++] = p[i];
	}
	e->s[e->len] = '\0';
}

/* Read what is there; 1 at end of file (or an error). */
static int
drain(int fd, struct errline *e)
{
	char buf[512];
	ssize_t r;

	for (;;) {
		r = read(fd, buf, sizeof buf);
		if (r > 0)
			errline_add(e, buf, (size_t)r);
		else if (r == 0 || (errno != EINTR && errno != EAGAIN))
			return 1;
		else if (errno == EAGAIN)
			return 0;
	}
}

/* Write to a hook that may have closed its stdin already, without
 * SIGPIPE (the front ignores it, a test program may not): the signal is
 * blocked for the write and, if the write raised it, taken back. */
static ssize_t
quiet_write(int fd, const char *p, size_t n)
{
	sigset_t pipe, old, pending;
	struct timespec zero = { 0, 0 };
	int was_pending;
	ssize_t r;

	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe, &old);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE);
	r = write(fd, p, n);
	if (r < 0 && errno == EPIPE && !was_pending) {
		int saved = errno;
		sigtimedwait(&pipe, NULL, &zero);
		errno = saved;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return r;
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void
child(const char *path, char *const env[], int in, int out, int errfd, int maxfd)
{
	char *argv[2];
	struct sigaction sa;
	sigset_t none;
	int fd;

	setpgid(0, 0);
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(errfd, 2) < 0)
		_exit(126);
	for (fd = 3; fd <= maxfd; fd++)
		close(fd);
	/* an ignored SIGPIPE would survive the exec: give the hook the
	 * default, as a shell would */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	argv[0] = (char *)path;
	argv[1] = NULL;
	execve(path, argv, env);
	_exit(errno == ENOENT ? 127 : 126);
}

int
pm_hook_spawn(const char *path, char *const env[], const char *input, int64_t timeout_ms,
    int *status, int *killed, char *line, size_t n)
{
	int inp[2] = { -1, -1 }, errp[2] = { -1, -1 }, null = -1, maxfd, wst = 0, reaped = 0;
	size_t inlen = input != NULL ? strlen(input) : 0, sent = 0;
	struct errline el = { line, n, 0, 0 };
	int64_t deadline;
	pid_t pid;

	*status = -1;
	*killed = 0;
	line[0] = '\0';
	if (pipe(inp) != 0 || (inp[0] = high(inp[0])) < 0 || (inp[1] = high(inp[1])) < 0 ||
	    pipe(errp) != 0 || (errp[0] = high(errp[0])) < 0 || (errp[1] = high(errp[1])) < 0 ||
	    (null = high(open("/dev/null", O_WRONLY))) < 0)
		goto fail;
	maxfd = highest_fd();
	if ((pid = fork()) < 0)
		goto fail;
	if (pid == 0)
		child(path, env, inp[0], null, errp[1], maxfd);
	/* both sides set the group: whichever runs first, kill(-pid)
	 * reaches it */
	setpgid(pid, pid);
	close(inp[0]);
	close(errp[1]);
	close(null);
	inp[0] = errp[1] = null = -1;
	fcntl(inp[1], F_SETFL, O_NONBLOCK);
	fcntl(errp[0], F_SETFL, O_NONBLOCK);
	if (inlen == 0) {
		close(inp[1]);
		inp[1] = -1;
	}
	deadline = now_ms() + timeout_ms;
	for (;;) {
		struct pollfd pf[2];
		int np = 0, left;
		pid_t w = waitpid(pid, &wst, WNOHANG);

		if (w == pid) {
			reaped = 1;
			break;
		}
		left = (int)(deadline - now_ms());
		if (left <= 0) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &wst, 0) < 0 && errno == EINTR)
				;
			*killed = 1;
			break;
		}
		if (errp[0] >= 0) {
			pf[np].fd = errp[0];
			pf[np++].events = POLLIN;
		}
		if (inp[1] >= 0) {
			pf[np].fd = inp[1];
			pf[np++].events = POLLOUT;
		}
		/* wake now and then for the exit even if a grandchild keeps
		 * stderr open */
		poll(pf, (nfds_t)np, left < 20 ? left : 20);
		if (errp[0] >= 0 && drain(errp[0], &el)) {
			close(errp[0]);
			errp[0] = -1;
		}
		if (inp[1] >= 0) {
			ssize_t r = quiet_write(inp[1], input + sent, inlen - sent);
			if (r > 0)
				sent += (size_t)r;
			if (sent == inlen || (r < 0 && errno != EAGAIN && errno != EINTR)) {
				close(inp[1]);
				inp[1] = -1;
			}
		}
	}
	if (errp[0] >= 0)
		drain(errp[0], &el);
	if (reaped || *killed) {
		if (WIFEXITED(wst))
			*status = WEXITSTATUS(wst);
		else if (WIFSIGNALED(wst))
			*status = 128 + WTERMSIG(wst);
	}
	/* the group may outlive its leader (a backgrounded curl): it was
	 * given the event, not a life of its own */
	if (*killed)
		kill(-pid, SIGKILL);
fail:
	if (inp[0] >= 0)
		close(inp[0]);
	if (inp[1] >= 0)
		close(inp[1]);
	if (errp[0] >= 0)
		close(errp[0]);
	if (errp[1] >= 0)
		close(errp[1]);
	if (null >= 0)
		close(null);
	return *status == 0 && !*killed ? 0 : -1;
}

/* ---- an event ------------------------------------------------------------ */

static void
env_add(char ***env, size_t *n, const char *k, const char *v)
{
	size_t len = strlen(k) + strlen(v) + 2;
	char *s = malloc(len);

	if (s == NULL)
		abort();
	snprintf(s, len, "%s=%s", k, v);
	*env = grow(*env, (*n + 2) * sizeof **env);
	(*env)[(*n)++] = s;
	(*env)[*n] = NULL;
}

/* The small environment of one hook. */
static char **
env_new(pm_ctx *ctx, const char *hook, const char *name, const char *entity, const char *id)
{
	const char *path = getenv("PATH");
	char **env = NULL, **e;
	size_t n = 0;

	env_add(&env, &n, "PATH", path != NULL && *path != '\0' ? path : "/usr/bin:/bin");
	env_add(&env, &n, "PM_HOOK", hook);
	env_add(&env, &n, "PM_EVENT", name);
	env_add(&env, &n, "PM_ENTITY", entity);
	env_add(&env, &n, "PM_ID", id);
	env_add(&env, &n, "PM_DB", ctx->db_path != NULL ? ctx->db_path : "");
	env_add(&env, &n, "PM_ACTOR", ctx->actor.login);
	for (e = environ; e != NULL && *e != NULL; e++)
		if (strncmp(*e, "PM_HOOK_", 8) == 0 && strchr(*e, '=') != NULL) {
			env = grow(env, (n + 2) * sizeof *env);
			env[n++] = pm_xstrdup(*e);
			env[n] = NULL;
		}
	return env;
}

static void
env_free(char **env)
{
	char **e;

	for (e = env; e != NULL && *e != NULL; e++)
		free(*e);
	free(env);
}

/* Run phase-hookname for the event with its line.  Returns 0 when it
 * succeeded; else why into why ("exit 3", "killed after 10s") and the
 * first line of its stderr, made harmless, into said ("" for none). */
static int
run_one(pm_ctx *ctx, const char *phase, const char *hookname, const char *name,
    const char *entity, const char *id, const char *json, pm_buf *why, pm_buf *said)
{
	pm_hooks *h = ctx->hooks;
	char path[4096], hook[160], line[256];
	char **env;
	int status, killed, rc;

	snprintf(hook, sizeof hook, "%s-%s", phase, hookname);
	snprintf(path, sizeof path, "%s/%s", h->dir, hook);
	env = env_new(ctx, hook, name, entity, id);
	rc = pm_hook_spawn(path, env, json, h->timeout_ms, &status, &killed, line, sizeof line);
	env_free(env);
	pm_buf_reset(why);
	pm_buf_reset(said);
	if (rc == 0)
		return 0;
	if (killed)
		pm_buf_addf(why, "killed after %llds", (long long)(h->timeout_ms / 1000));
	else if (status < 0)
		pm_buf_adds(why, "could not be started");
	else if (status == 126 || status == 127)
		pm_buf_addf(why, "could not be run (exit %d)", status);
	else
		pm_buf_addf(why, "exit %d", status);
	if (line[0] != '\0')
		pm_text_quote(said, line);
	return -1;
}

/* The JSON line of an event. */
static int
event_json(pm_ctx *ctx, const pm_hook_event *e, const pm_hook_kind *k, const char *name,
    const char *id, pm_buf *b, pm_err *err)
{
	pm_json j;
	int rc = 0;

	pm_json_init(&j, b);
	pm_json_obj(&j, NULL);
	pm_json_s(&j, "event", name);
	pm_json_s(&j, "entity", e->entity);
	pm_json_s(&j, "id", id);
	pm_json_i(&j, "seq", e->seq);
	pm_json_t(&j, "at", e->at);
	pm_json_s(&j, "actor", ctx->actor.login);
	pm_json_s(&j, "tool", ctx->tool);
	pm_json_s(&j, "note", e->note);
	pm_json_raw(&j, "data", e->data != NULL ? e->data : "null");
	if (k != NULL && k->record != NULL) {
		pm_json_obj(&j, "record");
		rc = k->record(ctx, e->id, ctx->hooks->clear, &j, err);
		pm_json_end(&j);
	} else {
		pm_json_null(&j, "record");
	}
	pm_json_b(&j, "masked", !ctx->hooks->clear);
	pm_json_b(&j, "dry_run", ctx->dry_run);
	pm_json_end(&j);
	pm_buf_addc(b, '\n');
	return rc;
}

int
pm_hooks_watched(pm_ctx *ctx, const char *entity, const char *event)
{
	char name[128];

	if (ctx->hooks == NULL)
		return 0;
	/* a name too long for a hook: pm_hooks_event refuses the event */
	if ((size_t)snprintf(name, sizeof name, "%s.%s", entity, event) >= sizeof name)
		return 1;
	return has_hooks(ctx->hooks, name) != 0;
}

int
pm_hooks_event(pm_ctx *ctx, const pm_hook_event *e, pm_err *err)
{
	pm_hooks *h = ctx->hooks;
	const pm_hook_kind *k;
	char name[128], id[24];
	const char *which[2];
	unsigned has;
	pm_buf json, why, said;
	size_t i, nw = 0;
	int rc;

	if (h == NULL)
		return 0;
	if ((size_t)snprintf(name, sizeof name, "%s.%s", e->entity, e->event) >= sizeof name)
		return pm_err_set(err, PM_EX_SOFTWARE, _("hooks: event name too long"));
	if ((has = has_hooks(h, name)) == 0)
		return 0;
	k = kind_of(e->entity);
	if (k != NULL && k->idtype != 0)
		snprintf(id, sizeof id, "%c%lld", k->idtype, (long long)e->id);
	else
		snprintf(id, sizeof id, "%lld", (long long)e->id);
	pm_buf_init(&json);
	pm_buf_init(&why);
	pm_buf_init(&said);
	if ((rc = event_json(ctx, e, k, name, id, &json, err)) != 0)
		goto out;
	if (has & HAS_PRE) {
		/* the event's own hook first, then the catch-all */
		if (runnable(h, "pre", name))
			which[nw++] = name;
		if (h->any & HAS_PRE)
			which[nw++] = "any";
		for (i = 0; i < nw; i++)
			if (run_one(ctx, "pre", which[i], name, e->entity, id, json.s, &why,
			    &said) != 0) {
				/* what the hook said is the reason; without it, how it ended */
				rc = pm_err_set(err, PM_EX_DATAERR, _("%s %s refused by hook pre-%s: %s"),
				    name, id, which[i], said.len > 0 ? said.s : why.s);
				goto out;
			}
	}
	/* nothing commits under -n: no on- hook will run */
	if (!(has & HAS_ON) || ctx->dry_run)
		goto out;
	if ((int64_t)h->nq >= h->limit) {
		h->dropped++;
		goto out;
	}
	if (h->nq == h->qcap) {
		h->qcap = h->qcap ? 2 * h->qcap : 16;
		h->q = grow(h->q, h->qcap * sizeof *h->q);
	}
	h->q[h->nq].name = pm_xstrdup(name);
	h->q[h->nq].entity = pm_xstrdup(e->entity);
	snprintf(h->q[h->nq].id, sizeof h->q[h->nq].id, "%s", id);
	h->q[h->nq].json = pm_buf_detach(&json);
	h->nq++;
out:
	pm_buf_free(&json);
	pm_buf_free(&why);
	pm_buf_free(&said);
	return rc;
}

/* on-hookname for one queued event; a failure is reported. */
static int
run_on(pm_ctx *ctx, const struct queued *q, const char *hookname,
    void (*report)(void *arg, const char *line), void *arg)
{
	pm_buf why, said, msg;
	int rc;

	pm_buf_init(&why);
	pm_buf_init(&said);
	pm_buf_init(&msg);
	rc = run_one(ctx, "on", hookname, q->name, q->entity, q->id, q->json, &why, &said);
	if (rc != 0) {
		pm_buf_addf(&msg, "on-%s %s: %s", hookname, q->id, why.s);
		if (said.len > 0)
			pm_buf_addf(&msg, ": %s", said.s);
		report(arg, msg.s);
	}
	pm_buf_free(&why);
	pm_buf_free(&said);
	pm_buf_free(&msg);
	return rc != 0;
}

int
pm_hooks_run(pm_ctx *ctx, void (*report)(void *arg, const char *line), void *arg)
{
	pm_hooks *h = ctx->hooks;
	struct queued *q;
	int nreport = 0;
	size_t i;

	if (h == NULL)
		return 0;
	for (i = 0; i < h->nq; i++) {
		q = &h->q[i];
		if (runnable(h, "on", q->name))
			nreport += run_on(ctx, q, q->name, report, arg);
		if (h->any & HAS_ON)
			nreport += run_on(ctx, q, "any", report, arg);
	}
	if (h->dropped > 0) {
		pm_buf msg;
		pm_buf_init(&msg);
		pm_buf_addf(&msg, "on- hooks not run for %zu more events (hooks.limit is %lld)",
		    h->dropped, (long long)h->limit);
		report(arg, msg.s);
		pm_buf_free(&msg);
		nreport++;
	}
	pm_hooks_discard(h);
	return nreport;
}

int
pm_hooks_record_row(pm_ctx *ctx, const char *sql, int64_t id, const pm_hook_field *fields,
    int clear, pm_json *j, pm_err *err)
{
	const pm_hook_field *f;
	pm_stmt *st = NULL;
	int i, rc;

	if ((rc = pm_db_prepare(ctx->db, sql, &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	if ((rc = pm_stmt_step(st, err)) != 1) {
		pm_stmt_free(st);
		return rc < 0 ? err->status : 0;
	}
	for (i = 0, f = fields; f->name != NULL; i++, f++) {
		if (pm_stmt_null(st, i))
			pm_json_null(j, f->name);
		else if (f->type == 't')
			pm_json_t(j, f->name, pm_stmt_int(st, i));
		else if (f->type == 'i')
			pm_json_i(j, f->name, pm_stmt_int(st, i));
		else if (f->pii != PM_PII_NONE && !clear)
			pm_mask_json(j, f->name, f->pii, pm_stmt_text(st, i));
		else
			pm_json_s(j, f->name, pm_stmt_text(st, i));
	}
	pm_stmt_free(st);
	return 0;
}
