/*
 * pane_health.c - pane 3: one row per service and version with the health
 * verdict (symbol, word and colour), request rate, error ratio with its
 * trend direction, p99 latency, the canary-minus-stable differences and a
 * sparkline of the error-ratio trend.  The worst services come first; the
 * versions of a service stay together, stable first (core/canary.h says
 * which is stable).  "-" means no data.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/canary.h"
#include "core/config.h"
#include "core/model.h"
#include "core/template.h"
#include "core/util.h"
#include "ui/format.h"
#include "ui/health_format.h"
#include "ui/sparkline.h"
#include "ui/ui_int.h"

enum {
	C_HEALTH, C_SERVICE, C_VERSION, C_RATE, C_ERRORS, C_P99, C_DERR,
	C_DP99, C_TREND, C_COUNT
};

static const struct column health_columns[C_COUNT] = {
	[C_HEALTH] =	{ "HEALTH", 9, 10, 0, 0, 0, 0 },
	[C_SERVICE] =	{ "SERVICE", 10, 20, 0, 0, 0, 0 },
	[C_VERSION] =	{ "VER", 3, 10, 0, 0, 0, 0 },
	[C_RATE] =	{ "REQ/S", 7, 9, 2, 1, 0, 0 },
	[C_ERRORS] =	{ "ERRORS", 7, 8, 0, 1, 0, 0 },
	[C_P99] =	{ "P99", 6, 7, 1, 1, 0, 0 },
	[C_DERR] =	{ "dERR", 7, 8, 0, 1, 0, 0 },
	[C_DP99] =	{ "dP99", 7, 8, 1, 1, 0, 0 },
	[C_TREND] =	{ "TREND", 11, 60, 3, 0, 0, 0 },
};

/* Replaces the general legend in the help overlay (8 lines fit 80x24). */
/* Legend lines in the symbols this terminal shows. */
static void
health_legend(struct ui_state *st, void (*out)(const char *, void *),
    void *arg)
{
	char line[128];
	const char *d = st->utf8 ? "\xce\x94" : "d";

	snprintf(line, sizeof line, "  %sERR             canary minus stable "
	    "error ratio (pp)", d);
	out(line, arg);
	snprintf(line, sizeof line, "  %sP99             canary minus stable "
	    "p99 latency", d);
	out(line, arg);
	snprintf(line, sizeof line, "  %s %s              error ratio rising/"
	    "falling (3 min)", glyph_trend(TREND_UP, st->utf8),
	    glyph_trend(TREND_DOWN, st->utf8));
	out(line, arg);
}

static int
k_graph(struct ui_state *st, struct mode *m)
{
	return ui_focus_selected(st);
}

static const struct key_binding health_keys[] = {
	{ 'v',		"show the service in the Graph pane",	k_graph },
	{ 0,		"  (worst service first, stable then canary)", NULL },
	{ 0,		"  stable           oldest version with at least 1/4", NULL },
	{ 0,		"                   of the busiest version's traffic", NULL },
	{ 0,		"  !                canary worse by the warn threshold", NULL },
	{ 0,		"  TREND            error ratio, last 30 min; gap: none", NULL },
	KEYTAB_END
};

/* The rows in display order, rebuilt when the model changes. */
static const struct canary_view *
health_view(struct ui_state *st)
{
	if (st->hview == NULL)
		st->hview = xcalloc(1, sizeof *st->hview);
	canary_refresh(st->hview, st->model, st->cfg);
	return st->hview;
}

static const struct canary_row *
health_row(struct ui_state *st, size_t i)
{
	return &health_view(st)->rows[i];
}

static size_t
health_count(struct ui_state *st)
{
	return health_view(st)->nrows;
}

static void
health_item_key(struct ui_state *st, size_t i, char *buf, size_t len)
{
	const struct service_health *s = &st->model->services[health_row(st,
	    i)->svc];

	snprintf(buf, len, "%s/%s/%s", s->source ? s->source : "",
	    s->service ? s->service : "", s->version ? s->version : "");
}

static void
health_name_of(struct ui_state *st, size_t i, char *buf, size_t len)
{
	const struct service_health *s = &st->model->services[health_row(st,
	    i)->svc];

	snprintf(buf, len, "%s", s->service ? s->service : "");
}

static char *
health_link_of(struct ui_state *st, size_t i)
{
	const struct service_health *s = &st->model->services[health_row(st,
	    i)->svc];
	const char *keys[] = { "service", "version" };
	const char *vals[] = { s->service, s->version };

	if (st->cfg->link_service == NULL)
		return NULL;
	return template_expand(st->cfg->link_service, keys, vals, 2);
}

/* What the `/` filter matches: service, version, health. */
static void
health_row_text(struct ui_state *st, size_t i, char *buf, size_t len)
{
	const struct service_health *s = &st->model->services[health_row(st,
	    i)->svc];

	snprintf(buf, len, "%s %s %s %s", s->service ? s->service : "",
	    s->version ? s->version : "", health_name(s->health),
	    s->source ? s->source : "");
}

/* Its node in the Graph pane (the `v` key). */
static void
health_graph_node(struct ui_state *st, size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "service:%s",
	    st->model->services[health_row(st, i)->svc].service);
}

static void
health_layout(struct ui_state *st, int w)
{
	memcpy(st->cols, health_columns, sizeof health_columns);
	if (st->utf8) {
		st->cols[C_DERR].title = "\xce\x94" "ERR";
		st->cols[C_DP99].title = "\xce\x94" "P99";
	}
	st->ncols = C_COUNT;
	layout_columns(st->cols, st->ncols, w, 1);
}

static const struct thresholds *
thresholds_for(struct ui_state *st, const char *service)
{
	if (st->cfg == NULL)
		return NULL;
	return config_thresholds(st->cfg, service);
}

/* Role for one metric against its warn/crit thresholds. */
static enum role
metric_role(double v, double warn, double crit)
{
	if (isnan(v))
		return ROLE_UNKNOWN;
	if (crit > 0 && v >= crit)
		return ROLE_CRIT;
	if (warn > 0 && v >= warn)
		return ROLE_WARN;
	return ROLE_NORMAL;
}

static enum role
delta_role(enum delta_level l)
{
	switch (l) {
	case DELTA_CRIT:
		return ROLE_CRIT;
	case DELTA_WARN:
		return ROLE_WARN;
	case DELTA_UNKNOWN:
		return ROLE_DIM;
	default:
		return ROLE_NORMAL;
	}
}

/* A difference cell: marked with "!" when worse past the warn threshold. */
static void
delta_cell(struct ui_state *st, int y, int x, int col, const char *text,
    enum delta_level l, int selected)
{
	char	buf[48];

	snprintf(buf, sizeof buf, "%s%s", text, l == DELTA_WARN ||
	    l == DELTA_CRIT ? "!" : " ");
	ui_cell(st, y, x, col, delta_role(l), buf, selected);
}

/* Whether the trend has a point to draw. */
static int
any_point(const struct service_health *s)
{
	size_t	i;

	for (i = 0; i < s->ntrend; i++) {
		if (!isnan(s->trend[i]))
			return 1;
	}
	return 0;
}

static void
health_draw_row(struct ui_state *st, size_t i, int y, int x, int w,
    int selected)
{
	const struct canary_row		*r = health_row(st, i);
	const struct service_health	*s = &st->model->services[r->svc];
	const struct thresholds		*t = thresholds_for(st, s->service);
	const struct column		*c;
	char				 buf[64], val[24], line[FIT_BUFSIZE(60)];
	enum role			 role = theme_health_role(s->health);
	int				 name;

	(void)w;
	snprintf(buf, sizeof buf, "%s %s", glyph_health(s->health, st->utf8),
	    health_name(s->health));
	ui_cell(st, y, x, C_HEALTH, role, buf, selected);
	/* The name once per service, and again at the top of the list. */
	name = r->first || i == ui_row(st, st->pane, st->sel[st->pane].top);
	ui_cell(st, y, x, C_SERVICE, r->first ? ROLE_NORMAL : ROLE_DIM,
	    name ? s->service : "", selected);
	ui_cell(st, y, x, C_VERSION, r->role == CANARY_IDLE ? ROLE_DIM :
	    ROLE_NORMAL, s->version, selected);

	fmt_rate(buf, sizeof buf, s->request_rate);
	ui_cell(st, y, x, C_RATE, isnan(s->request_rate) ? ROLE_UNKNOWN :
	    ROLE_NORMAL, buf, selected);

	/* Error ratio, then where it is heading. */
	fmt_ratio(val, sizeof val, s->error_ratio);
	snprintf(buf, sizeof buf, "%s %s", val, isnan(s->error_ratio) ? " " :
	    glyph_trend(r->trend, st->utf8));
	ui_cell(st, y, x, C_ERRORS, t == NULL ? ROLE_NORMAL :
	    metric_role(s->error_ratio, t->error_ratio_warn,
	    t->error_ratio_crit), buf, selected);
	if (r->trend == TREND_UP && !selected && !isnan(s->error_ratio) &&
	    (c = ui_col(st, C_ERRORS)) != NULL)
		ui_put(st, y, x + c->x + c->width - 1, 1, ROLE_WARN,
		    glyph_trend(r->trend, st->utf8), 0);

	fmt_latency(buf, sizeof buf, s->latency_p99);
	ui_cell(st, y, x, C_P99, t == NULL ? ROLE_NORMAL :
	    metric_role(s->latency_p99, t->latency_p99_warn,
	    t->latency_p99_crit), buf, selected);

	/* Canary beside stable. */
	switch (r->role) {
	case CANARY_CANARY:
		fmt_delta_ratio(val, sizeof val, r->d_err);
		delta_cell(st, y, x, C_DERR, val, r->l_err, selected);
		fmt_delta_latency(val, sizeof val, r->d_p99);
		delta_cell(st, y, x, C_DP99, val, r->l_p99, selected);
		break;
	case CANARY_STABLE:
		ui_cell(st, y, x, C_DERR, ROLE_DIM, "stable ", selected);
		ui_cell(st, y, x, C_DP99, ROLE_DIM, "", selected);
		break;
	case CANARY_IDLE:
		ui_cell(st, y, x, C_DERR, ROLE_DIM, "idle ", selected);
		ui_cell(st, y, x, C_DP99, ROLE_DIM, "", selected);
		break;
	case CANARY_SOLO:
		ui_cell(st, y, x, C_DERR, ROLE_DIM, "", selected);
		ui_cell(st, y, x, C_DP99, ROLE_DIM, "", selected);
		break;
	}

	if ((c = ui_col(st, C_TREND)) != NULL) {
		if (!any_point(s))
			ui_cell(st, y, x, C_TREND, ROLE_DIM, "-", selected);
		else {
			sparkline(line, sizeof line, s->trend, s->ntrend,
			    c->width < 60 ? c->width : 60,
			    t != NULL ? t->error_ratio_warn : 0, st->utf8);
			ui_cell(st, y, x, C_TREND, role == ROLE_UNKNOWN ?
			    ROLE_DIM : role, "", selected);
			attrset(ui_attr(st, selected ? ROLE_SELECTED :
			    role == ROLE_UNKNOWN ? ROLE_DIM : role));
			mvaddstr(y, x + c->x, line);
			attrset(A_NORMAL);
		}
	}
}

/* Append to a detail line. */
static void
add(char *buf, size_t len, const char *fmt, ...)
{
	size_t	used = strlen(buf);
	va_list	ap;

	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

static void
health_detail(struct ui_state *st, size_t i, char *buf, size_t len)
{
	const struct canary_row		*r = health_row(st, i);
	const struct service_health	*s = &st->model->services[r->svc];
	const struct service_health	*stb = &st->model->services[r->stable];
	const struct service_cfg	*sc = NULL;
	const struct thresholds		*t = thresholds_for(st, s->service);
	const struct edge		*dep;
	char				 a[32], b[32], c[32], d[32];

	buf[0] = '\0';
	add(buf, len, "%s %s", s->service ? s->service : "",
	    s->version ? s->version : "");
	switch (r->role) {
	case CANARY_STABLE:
		add(buf, len, " stable");
		break;
	case CANARY_CANARY:
		add(buf, len, " canary vs stable %s", stb->version ?
		    stb->version : "");
		break;
	case CANARY_IDLE:
		add(buf, len, " idle (no traffic)");
		break;
	case CANARY_SOLO:
		break;
	}
	add(buf, len, ": %s", s->health == HEALTH_UNKNOWN ? "unknown, no data" :
	    health_name(s->health));

	fmt_ratio(a, sizeof a, s->error_ratio);
	add(buf, len, "; errors %s", a);
	if (r->trend != TREND_NONE)
		add(buf, len, " %s", trend_name(r->trend));
	if (r->role == CANARY_CANARY) {
		fmt_delta_ratio(a, sizeof a, r->d_err);
		fmt_ratio(b, sizeof b, stb->error_ratio);
		add(buf, len, " (%s, stable %s)", a, b);
	}
	fmt_latency(a, sizeof a, s->latency_p99);
	add(buf, len, ", p99 %s", a);
	if (r->role == CANARY_CANARY) {
		fmt_delta_latency(a, sizeof a, r->d_p99);
		fmt_latency(b, sizeof b, stb->latency_p99);
		add(buf, len, " (%s, stable %s)", a, b);
	}
	fmt_rate(a, sizeof a, s->request_rate);
	add(buf, len, ", %s", a);
	if ((dep = model_worst_dependency(st->model, s->service)) != NULL) {
		fmt_ratio(a, sizeof a, dep->error_ratio);
		add(buf, len, ". %s: calls to %s fail %s", s->service,
		    dep->from + 8, a);
	}

	if (t == NULL)
		return;
	if (st->cfg != NULL && s->service != NULL)
		sc = config_find_service(st->cfg, s->service);
	fmt_ratio(a, sizeof a, t->error_ratio_warn);
	fmt_ratio(b, sizeof b, t->error_ratio_crit);
	fmt_latency(c, sizeof c, t->latency_p99_warn);
	fmt_latency(d, sizeof d, t->latency_p99_crit);
	add(buf, len, ". Thresholds (%s%s): errors warn %s crit %s, p99 "
	    "warn %s crit %s", sc != NULL && sc->has_thresholds ? s->service :
	    "global", sc != NULL && sc->has_thresholds ? "'s own" : "", a, b,
	    c, d);
}

/* A version that is warn or crit; its health is the signature. */
static int
health_alert_row(struct ui_state *st, size_t i, char *sig, size_t len)
{
	const struct service_health *s = &st->model->services[health_row(st,
	    i)->svc];

	if (s->health != HEALTH_CRIT && s->health != HEALTH_WARN)
		return 0;
	snprintf(sig, len, "%s", health_name(s->health));
	return s->health == HEALTH_CRIT ? ROLE_CRIT : ROLE_WARN;
}

const struct pane_entry pane_health_entry = {
	.name = "health",
	.title = "Health",
	.key = '3',
	.kind = "prometheus",
	.noun = "services",
	.count = health_count,
	.item_key = health_item_key,
	.row_text = health_row_text,
	.name_of = health_name_of,
	.link_of = health_link_of,
	.layout = health_layout,
	.draw_row = health_draw_row,
	.detail = health_detail,
	.alert_row = health_alert_row,
	.keys = health_keys,
	.legend = health_legend,
	.graph_node = health_graph_node,
};
