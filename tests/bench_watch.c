/*
 * bench_watch.c - the rollout side's CPU, without the dashboard:
 *
 *   bench_watch CONFIG SECONDS
 *
 * CONFIG has one argo-rollouts source (relboard-sim at scale).  First the
 * watch: the poller lists once and watches for SECONDS; the CPU it spent
 * per poll interval, how many model changes the watch brought, and the
 * resident size and the heap in use then (the watch's store of objects
 * lives there).  Then the old way, each poll a list: `relboard
 * status --json`'s poll (poller_run_once) five times, the median CPU of
 * one.  Prints both and their ratio.  A benchmark, not a test: nothing fails on time.
 */
#include <sys/resource.h>

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "core/config.h"
#include "core/model.h"
#include "core/util.h"
#include "net/net.h"
#include "net/poller.h"

static double
cpu_s(void)
{
	struct rusage	ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Resident set size now, in MB (/proc/self/statm). */
static double
rss_mb(void)
{
	FILE		*f = fopen("/proc/self/statm", "r");
	unsigned long	 size, res = 0;

	if (f != NULL) {
		if (fscanf(f, "%lu %lu", &size, &res) != 2)
			res = 0;
		fclose(f);
	}
	return (double)res * (double)sysconf(_SC_PAGESIZE) / (1024 * 1024);
}

/* Bytes malloc has handed out and not had back, in MB. */
static double
heap_mb(void)
{
	struct mallinfo2	mi = mallinfo2();

	return (double)mi.uordblks / (1024 * 1024);
}

static unsigned long changes;

static void
on_change(void *arg)
{
	(void)arg;
	changes++;
}

static void
on_stop(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	event_base_loopbreak(arg);
}

int
main(int argc, char **argv)
{
	struct config		 cfg;
	struct model		 m;
	struct event_base	*base;
	struct poller		*p;
	struct event		*stop;
	struct timeval		 tv;
	char			*cause = NULL;
	double			 lists[5], secs, c0, c1, interval, per, rss, heap;
	size_t			 i, rollouts = 0;
	unsigned long		 changes0;

	if (argc != 3 || (secs = atof(argv[2])) <= 0) {
		fprintf(stderr, "usage: bench_watch CONFIG SECONDS\n");
		return 2;
	}
	net_global_init();
	if (config_load(&cfg, argv[1], &cause) != 0) {
		fprintf(stderr, "bench_watch: %s\n", cause);
		return 2;
	}
	interval = cfg.sources[0].interval_s;

	/* List once, then watch. */
	base = event_base_new();
	model_init(&m);
	p = poller_new(base, &cfg, &m, &cause);
	poller_set_change_cb(p, on_change, NULL);
	poller_start(p);
	stop = evtimer_new(base, on_stop, base);
	tv.tv_sec = (time_t)(3 * interval);
	tv.tv_usec = 0;
	evtimer_add(stop, &tv);
	event_base_dispatch(base);	/* the list, settled */
	changes0 = changes;
	c0 = cpu_s();
	tv.tv_sec = (time_t)secs;
	tv.tv_usec = (suseconds_t)((secs - (double)tv.tv_sec) * 1e6);
	evtimer_add(stop, &tv);
	event_base_dispatch(base);
	c1 = cpu_s();
	per = (c1 - c0) / (secs / interval);
	rss = rss_mb();
	heap = heap_mb();
	event_free(stop);
	poller_free(p);
	model_free(&m);
	event_base_free(base);

	/* Each poll a list, as before the watch. */
	for (i = 0; i < 5; i++) {
		base = event_base_new();
		model_init(&m);
		if ((p = poller_new(base, &cfg, &m, &cause)) == NULL) {
			fprintf(stderr, "bench_watch: %s\n", cause);
			return 1;
		}
		c0 = cpu_s();
		poller_run_once(p);
		lists[i] = cpu_s() - c0;
		rollouts = m.nrollouts;
		poller_free(p);
		model_free(&m);
		event_base_free(base);
	}
	qsort(lists, 5, sizeof lists[0], cmp_double);

	printf("rollout side at scale (%zu rollouts, %g s interval): "
	    "a list each poll %.1f ms CPU (median of 5); watching %.2f ms "
	    "CPU per interval over %g s, %.1f model changes per interval; "
	    "%.0fx less; RSS while watching %.1f MB, heap in use %.1f MB\n",
	    rollouts, interval, lists[2] * 1000, per * 1000, secs,
	    (double)(changes - changes0) / (secs / interval),
	    per > 0 ? lists[2] / per : 0, rss, heap);
	config_free(&cfg);
	net_global_cleanup();
	return 0;
}
