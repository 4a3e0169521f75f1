/*
 * pane_health.c - pane 3: per service and version, request rate, error
 * ratio, p99 latency, a sparkline of the error-ratio trend and the health
 * verdict as symbol, word and colour.  "-" means no data.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/model.h"
#include "ui/format.h"
#include "ui/sparkline.h"
#include "ui/ui_int.h"

enum {
	C_HEALTH, C_SERVICE, C_VERSION, C_RATE, C_ERRORS, C_P99, C_TREND,
	C_COUNT
};

static const struct column health_columns[C_COUNT] = {
	[C_HEALTH] =	{ "HEALTH", 9, 10, 0, 0, 0, 0 },
	[C_SERVICE] =	{ "SERVICE", 12, 30, 0, 0, 0, 0 },
	[C_VERSION] =	{ "VERSION", 7, 16, 1, 0, 0, 0 },
	[C_RATE] =	{ "REQ/S", 8, 9, 1, 1, 0, 0 },
	[C_ERRORS] =	{ "ERRORS", 6, 7, 1, 1, 0, 0 },
	[C_P99] =	{ "P99", 6, 7, 2, 1, 0, 0 },
	[C_TREND] =	{ "TREND", 11, 60, 3, 0, 0, 0 },
};

static enum role
health_role(enum health h)
{
	switch (h) {
	case HEALTH_OK:
		return ROLE_OK;
	case HEALTH_WARN:
		return ROLE_WARN;
	case HEALTH_CRIT:
		return ROLE_CRIT;
	default:
		return ROLE_UNKNOWN;
	}
}

static size_t
health_count(struct ui_state *st)
{
	return st->model->nservices;
}

static void
health_item_key(struct ui_state *st, size_t i, char *buf, size_t len)
{
	const struct service_health *s = &st->model->services[i];

	snprintf(buf, len, "%s/%s/%s", s->source ? s->source : "",
	    s->service ? s->service : "", s->version ? s->version : "");
}

static void
health_layout(struct ui_state *st, int w)
{
	memcpy(st->cols, health_columns, sizeof health_columns);
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

static void
health_draw_row(struct ui_state *st, size_t i, int y, int x, int w,
    int selected)
{
	const struct service_health	*s = &st->model->services[i];
	const struct thresholds		*t = thresholds_for(st, s->service);
	const struct column		*c;
	char				 buf[64], line[FIT_BUFSIZE(60)];
	enum role			 role = health_role(s->health);

	snprintf(buf, sizeof buf, "%s %s", glyph_health(s->health, st->utf8),
	    health_name(s->health));
	ui_cell(st, y, x, C_HEALTH, role, buf, selected);
	ui_cell(st, y, x, C_SERVICE, ROLE_NORMAL, s->service, selected);
	ui_cell(st, y, x, C_VERSION, ROLE_NORMAL, s->version, selected);

	fmt_rate(buf, sizeof buf, s->request_rate);
	ui_cell(st, y, x, C_RATE, isnan(s->request_rate) ? ROLE_UNKNOWN :
	    ROLE_NORMAL, buf, selected);
	fmt_ratio(buf, sizeof buf, s->error_ratio);
	ui_cell(st, y, x, C_ERRORS, t == NULL ? ROLE_NORMAL :
	    metric_role(s->error_ratio, t->error_ratio_warn,
	    t->error_ratio_crit), buf, selected);
	fmt_latency(buf, sizeof buf, s->latency_p99);
	ui_cell(st, y, x, C_P99, t == NULL ? ROLE_NORMAL :
	    metric_role(s->latency_p99, t->latency_p99_warn,
	    t->latency_p99_crit), buf, selected);

	if ((c = ui_col(st, C_TREND)) != NULL) {
		if (s->ntrend == 0)
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

static void
health_detail(struct ui_state *st, size_t i, char *buf, size_t len)
{
	const struct service_health	*s = &st->model->services[i];
	const struct thresholds		*t = thresholds_for(st, s->service);
	char				 rate[32], err[32], p99[32];
	char				 ew[32], ec[32], lw[32], lc[32];

	fmt_rate(rate, sizeof rate, s->request_rate);
	fmt_ratio(err, sizeof err, s->error_ratio);
	fmt_latency(p99, sizeof p99, s->latency_p99);
	if (t == NULL) {
		snprintf(buf, len, "%s %s: %s, errors %s, p99 %s: %s",
		    s->service ? s->service : "", s->version ? s->version : "",
		    rate, err, p99, health_name(s->health));
		return;
	}
	fmt_ratio(ew, sizeof ew, t->error_ratio_warn);
	fmt_ratio(ec, sizeof ec, t->error_ratio_crit);
	fmt_latency(lw, sizeof lw, t->latency_p99_warn);
	fmt_latency(lc, sizeof lc, t->latency_p99_crit);
	snprintf(buf, len, "%s %s: %s, errors %s (warn %s, crit %s), p99 %s "
	    "(warn %s, crit %s): %s", s->service ? s->service : "",
	    s->version ? s->version : "", rate, err, ew, ec, p99, lw, lc,
	    s->health == HEALTH_UNKNOWN ? "unknown, no data" :
	    health_name(s->health));
}

static int
health_alert(struct ui_state *st)
{
	size_t	i;
	int	worst = 0;

	for (i = 0; i < st->model->nservices; i++) {
		if (st->model->services[i].health == HEALTH_CRIT)
			return ROLE_CRIT;
		if (st->model->services[i].health == HEALTH_WARN)
			worst = ROLE_WARN;
	}
	return worst;
}

const struct pane_entry pane_health_entry = {
	.name = "health",
	.title = "Health",
	.key = '3',
	.kind = "prometheus",
	.noun = "services",
	.count = health_count,
	.item_key = health_item_key,
	.layout = health_layout,
	.draw_row = health_draw_row,
	.detail = health_detail,
	.alert = health_alert,
};
