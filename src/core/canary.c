/*
 * canary.c - the Health pane's reading of the model: stable and canary
 * versions of each service, their differences judged against the
 * service's thresholds, error-ratio trend directions and the row order
 * (see canary.h for the rules).
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/canary.h"
#include "core/config.h"
#include "core/strmap.h"
#include "core/util.h"

int
version_cmp(const char *a, const char *b)
{
	size_t	la, lb;

	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	while (*a != '\0' && *b != '\0') {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			/* Compare digit runs as numbers, leading zeros aside. */
			while (*a == '0' && isdigit((unsigned char)a[1]))
				a++;
			while (*b == '0' && isdigit((unsigned char)b[1]))
				b++;
			for (la = 0; isdigit((unsigned char)a[la]); la++)
				;
			for (lb = 0; isdigit((unsigned char)b[lb]); lb++)
				;
			if (la != lb)
				return la < lb ? -1 : 1;
			if (strncmp(a, b, la) != 0)
				return strncmp(a, b, la) < 0 ? -1 : 1;
			a += la;
			b += lb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return (*a != '\0') - (*b != '\0');
}

/* A rate usable for comparison: unknown and negative count as none. */
static double
usable_rate(double r)
{
	return isnan(r) || r < 0 ? 0 : r;
}

size_t
canary_pick_stable(const struct service_health *const *v, size_t n)
{
	size_t	i, best = (size_t)-1;
	double	top = 0, r;

	for (i = 0; i < n; i++) {
		if ((r = usable_rate(v[i]->request_rate)) > top)
			top = r;
	}
	for (i = 0; i < n; i++) {
		r = usable_rate(v[i]->request_rate);
		if (top > 0 && (isinf(top) ? r < top : r < CANARY_SHARE * top))
			continue;
		if (best == (size_t)-1 ||
		    version_cmp(v[i]->version, v[best]->version) < 0)
			best = i;
	}
	return best;
}

enum trend_dir
trend_direction(const double *v, size_t n, double floor)
{
	size_t	i, start, k = 0;
	double	sx = 0, sy = 0, sxx = 0, sxy = 0, x, d, slope, change, mean;
	double	xmin = 0, xmax = 0;

	if (v == NULL || n == 0)
		return TREND_NONE;
	start = n > TREND_POINTS ? n - TREND_POINTS : 0;
	for (i = start; i < n; i++) {
		if (!isfinite(v[i]))
			continue;
		x = (double)(i - start);
		if (k == 0)
			xmin = x;
		xmax = x;
		sx += x;
		sy += v[i];
		sxx += x * x;
		sxy += x * v[i];
		k++;
	}
	if (k < 3)
		return TREND_NONE;
	d = (double)k * sxx - sx * sx;
	if (d <= 0)
		return TREND_NONE;
	slope = ((double)k * sxy - sx * sy) / d;
	change = slope * (xmax - xmin);
	mean = sy / (double)k;
	if (fabs(change) < floor || fabs(change) < 0.2 * fabs(mean) ||
	    change == 0)
		return TREND_FLAT;
	return change > 0 ? TREND_UP : TREND_DOWN;
}

enum delta_level
delta_judge(double delta, double warn, double crit)
{
	if (isnan(delta))
		return DELTA_UNKNOWN;
	if (crit > 0 && delta >= crit)
		return DELTA_CRIT;
	if (warn > 0 && delta >= warn)
		return DELTA_WARN;
	if (warn > 0 && delta <= -warn)
		return DELTA_BETTER;
	return DELTA_SAME;
}

/* Difference of two values, NAN when either is unknown or infinite. */
static double
diff(double canary, double stable)
{
	if (!isfinite(canary) || !isfinite(stable))
		return NAN;
	return canary - stable;
}

static int
severity(enum health h)
{
	switch (h) {
	case HEALTH_CRIT:
		return 0;
	case HEALTH_WARN:
		return 1;
	default:
		return 2;
	}
}

/* Position of a service in the configuration, or past the end. */
static size_t
config_rank(const struct config *cfg, const char *name)
{
	const struct service_cfg *s;

	if (cfg == NULL || name == NULL ||
	    (s = config_find_service(cfg, name)) == NULL)
		return (size_t)-1;
	return (size_t)(s - cfg->services);
}

struct group {
	size_t		 first;		/* index of its first row in the view */
	size_t		 n;
	enum health	 worst;
	size_t		 rank;
	const struct service_health *any;
};

static int
group_cmp(const void *pa, const void *pb)
{
	const struct group	*a = pa, *b = pb;
	int			 c;

	if (severity(a->worst) != severity(b->worst))
		return severity(a->worst) < severity(b->worst) ? -1 : 1;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if ((c = strcmp(a->any->service ? a->any->service : "",
	    b->any->service ? b->any->service : "")) != 0)
		return c;
	return strcmp(a->any->source ? a->any->source : "",
	    b->any->source ? b->any->source : "");
}

/* Fill the roles, deltas and order of the rows of one service. */
static void
build_group(struct canary_row *rows, size_t n, const struct model *m,
    const struct config *cfg)
{
	const struct service_health	**v, *s, *st;
	const struct thresholds		*t;
	struct canary_row		 tmp;
	size_t				 i, j, stable, ncanary = 0;

	v = xcalloc(n, sizeof *v);
	for (i = 0; i < n; i++)
		v[i] = &m->services[rows[i].svc];
	stable = canary_pick_stable(v, n);
	st = v[stable];
	t = cfg != NULL ? config_thresholds(cfg, st->service) : NULL;
	for (i = 0; i < n; i++) {
		s = v[i];
		rows[i].stable = rows[stable].svc;
		rows[i].d_err = rows[i].d_p99 = NAN;
		rows[i].l_err = rows[i].l_p99 = DELTA_UNKNOWN;
		if (i == stable)
			rows[i].role = CANARY_STABLE;
		else if (!(usable_rate(s->request_rate) > 0))
			rows[i].role = CANARY_IDLE;
		else {
			rows[i].role = CANARY_CANARY;
			ncanary++;
			rows[i].d_err = diff(s->error_ratio, st->error_ratio);
			rows[i].d_p99 = diff(s->latency_p99, st->latency_p99);
			rows[i].l_err = delta_judge(rows[i].d_err,
			    t ? t->error_ratio_warn : 0,
			    t ? t->error_ratio_crit : 0);
			rows[i].l_p99 = delta_judge(rows[i].d_p99,
			    t ? t->latency_p99_warn : 0,
			    t ? t->latency_p99_crit : 0);
		}
	}
	if (ncanary == 0)
		rows[stable].role = CANARY_SOLO;
	free(v);

	/* Stable (or solo) first, then the others by version. */
	tmp = rows[stable];
	memmove(rows + 1, rows, stable * sizeof *rows);
	rows[0] = tmp;
	for (i = 2; i < n; i++) {
		tmp = rows[i];
		for (j = i; j > 1 && version_cmp(m->services[rows[j - 1].svc].version,
		    m->services[tmp.svc].version) > 0; j--)
			rows[j] = rows[j - 1];
		rows[j] = tmp;
	}
	for (i = 0; i < n; i++)
		rows[i].first = i == 0;
}

static void
canary_build(struct canary_view *cv, const struct model *m,
    const struct config *cfg)
{
	struct canary_row	*rows;
	struct group		*g = NULL, *gp;
	struct strmap		 seen;
	char			**keys;
	size_t			 ng = 0, gcap = 0, i, j, k, *next, *last;
	double			 floor;

	/* Rows grouped by service, in model order within a group. */
	rows = xcalloc(m->nservices ? m->nservices : 1, sizeof *rows);
	keys = xcalloc(m->nservices + 1, sizeof *keys);
	next = xcalloc(m->nservices + 1, sizeof *next);
	last = xcalloc(m->nservices + 1, sizeof *last);
	strmap_init(&seen);
	for (i = 0; i < m->nservices; i++) {
		const struct service_health *s = &m->services[i];

		/* Chain the rows of one service from where it first appears. */
		keys[i] = xasprintf("%s\x1f%s", s->source ? s->source : "",
		    s->service ? s->service : "");
		next[i] = STRMAP_NONE;
		if ((j = strmap_put(&seen, keys[i], i)) != i)
			next[last[j]] = i;
		last[j] = i;
	}
	for (i = 0, k = 0; i < m->nservices; i++) {
		const struct service_health *s = &m->services[i];

		if (strmap_get(&seen, keys[i]) != i)
			continue;
		gp = ARRAY_PUSH(g, ng, gcap);
		gp->first = k;
		gp->n = 0;
		gp->worst = HEALTH_UNKNOWN;
		gp->rank = config_rank(cfg, s->service);
		gp->any = s;
		for (j = i; j != STRMAP_NONE; j = next[j]) {
			const struct service_health *o = &m->services[j];

			memset(&rows[k], 0, sizeof rows[k]);
			rows[k].svc = j;
			floor = 0;
			if (cfg != NULL)
				floor = config_thresholds(cfg,
				    o->service)->error_ratio_warn / 4;
			rows[k].trend = trend_direction(o->trend, o->ntrend,
			    floor);
			if (severity(o->health) < severity(gp->worst) ||
			    (gp->worst == HEALTH_UNKNOWN &&
			    o->health != HEALTH_UNKNOWN))
				gp->worst = o->health;
			gp->n++;
			k++;
		}
		build_group(rows + gp->first, gp->n, m, cfg);
	}
	strmap_free(&seen);
	for (i = 0; i < m->nservices; i++)
		free(keys[i]);
	free(keys);
	free(next);
	free(last);

	/* Worst services first, then configuration order, then names. */
	if (ng > 1)
		qsort(g, ng, sizeof *g, group_cmp);
	cv->nrows = 0;
	for (i = 0; i < ng; i++) {
		for (j = 0; j < g[i].n; j++) {
			struct canary_row *r = ARRAY_PUSH(cv->rows, cv->nrows,
			    cv->rows_cap);

			*r = rows[g[i].first + j];
			r->worst = g[i].worst;
		}
	}
	free(g);
	free(rows);
}

bool
canary_refresh(struct canary_view *cv, const struct model *m,
    const struct config *cfg)
{
	if (cv->built && cv->generation == m->generation &&
	    cv->services == m->services && cv->nservices == m->nservices &&
	    cv->cfg == cfg)
		return false;
	canary_build(cv, m, cfg);
	cv->built = true;
	cv->generation = m->generation;
	cv->services = m->services;
	cv->nservices = m->nservices;
	cv->cfg = cfg;
	return true;
}

void
canary_view_free(struct canary_view *cv)
{
	if (cv == NULL)
		return;
	free(cv->rows);
	memset(cv, 0, sizeof *cv);
}

const char *
canary_role_name(enum canary_role r)
{
	switch (r) {
	case CANARY_STABLE:
		return "stable";
	case CANARY_CANARY:
		return "canary";
	case CANARY_IDLE:
		return "idle";
	default:
		return "only version";
	}
}
