/*
 * plan_dir.c - the release plans the dashboard and status --json show:
 * every *.json file in the plans folder, in name order, each parsed and
 * checked against the configuration.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "core/plan.h"
#include "core/util.h"

#define PLAN_DIR_MAX	64	/* plans read from one folder */

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *
plan_default_dir(void)
{
	char *cfg = config_default_path(), *slash, *dir;

	/* Beside config.json: .../relboard/plans. */
	if ((slash = strrchr(cfg, '/')) != NULL)
		*slash = '\0';
	dir = xasprintf("%s/plans", cfg);
	free(cfg);
	return dir;
}

size_t
plan_dir_load(const char *dir, const struct config *cfg, struct plan_file **out)
{
	struct plan_errors e = { NULL, 0, 0 };
	struct plan_file *v;
	struct dirent *de;
	char **names = NULL, *path;
	size_t n = 0, cap = 0, i, len;
	DIR *d;

	*out = NULL;
	if (dir == NULL || (d = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL && n < PLAN_DIR_MAX) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 6 ||
		    strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		*ARRAY_PUSH(names, n, cap) = xstrdup(de->d_name);
	}
	closedir(d);
	if (n == 0)
		return 0;
	qsort(names, n, sizeof *names, by_name);
	v = xcalloc(n, sizeof *v);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		if (plan_load(&v[i].plan, path, &e) == 0)
			plan_check_config(&v[i].plan, cfg, &e);
		if (e.n > 0)
			v[i].error = xasprintf("%s: %s", names[i], e.v[0]);
		plan_errors_free(&e);
		free(path);
		free(names[i]);
	}
	free(names);
	*out = v;
	return n;
}

void
plan_files_free(struct plan_file *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		plan_free(&v[i].plan);
		free(v[i].error);
	}
	free(v);
}
