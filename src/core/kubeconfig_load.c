/*
 * kubeconfig_load.c - finds and reads the kubeconfig files a source uses:
 * the one its kubeconfig key names, else each file of $KUBECONFIG
 * (colon-separated, empty and repeated entries skipped, missing files
 * skipped as kubectl skips them), else ~/.kube/config; and merges them in
 * that order (kubefile_merge).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/kubeconfig.h"
#include "core/sanitize.h"
#include "core/util.h"

/* The absolute folder of a file, for its relative paths. */
static char *
folder_of(const char *path)
{
	char	*dir, *slash, *real;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL) {
		free(dir);
		dir = xstrdup(".");
	} else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if ((real = realpath(dir, NULL)) != NULL) {
		free(dir);
		return real;
	}
	return dir;
}

/* Read and parse one file; *missing set when it does not exist. */
static struct kubefile *
load_one(const char *path, int *missing, char **cause)
{
	struct kubefile	*kf;
	struct stat	 st;
	char		*text, *why = NULL, *dir;
	size_t		 len;

	*missing = stat(path, &st) != 0 && errno == ENOENT;
	if ((text = read_file(path, &len, &why)) == NULL) {
		*cause = xasprintf("kubeconfig %s", why);
		sanitize_text(*cause);
		free(why);
		return NULL;
	}
	dir = folder_of(path);
	kf = kubefile_parse(text, len, path, dir, cause);
	wipe_free(text, len);
	free(dir);
	return kf;
}

struct kubefile *
kubeconfig_load(const char *path, char **origin, char **cause)
{
	const char	*env = getenv("KUBECONFIG"), *home;
	struct kubefile	*all = NULL, *kf;
	char		*list, *p, *tok, *one, **seen = NULL;
	size_t		 nseen = 0, seencap = 0, i;
	int		 missing;

	*origin = NULL;
	if (path != NULL) {
		if ((all = load_one(path, &missing, cause)) != NULL)
			*origin = xstrdup(path);
		return all;
	}
	if (env == NULL || *env == '\0') {
		home = getenv("HOME");
		one = xasprintf("%s/.kube/config", home != NULL ? home : "");
		if ((all = load_one(one, &missing, cause)) != NULL)
			*origin = xstrdup(one);
		else if (missing) {
			free(*cause);
			*cause = xasprintf("no kubeconfig: KUBECONFIG is not set "
			    "and %s does not exist", one);
			sanitize_text(*cause);
		}
		free(one);
		return all;
	}
	list = xstrdup(env);
	for (p = list; (tok = strsep(&p, ":")) != NULL;) {
		if (*tok == '\0')
			continue;
		for (i = 0; i < nseen && strcmp(seen[i], tok) != 0; i++)
			;
		if (i < nseen)
			continue;
		*ARRAY_PUSH(seen, nseen, seencap) = tok;
		if ((kf = load_one(tok, &missing, cause)) == NULL) {
			if (missing) {
				free(*cause);
				*cause = NULL;
				continue;
			}
			kubefile_free(all);
			all = NULL;
			goto out;
		}
		if (all == NULL) {
			all = kf;
			*origin = xasprintf("KUBECONFIG %s", tok);
		} else {
			kubefile_merge(all, kf);
			one = xasprintf("%s:%s", *origin, tok);
			free(*origin);
			*origin = one;
		}
	}
	if (all == NULL) {
		*cause = xstrdup("no kubeconfig: none of the files in KUBECONFIG "
		    "exists");
	}
out:
	if (all == NULL) {
		free(*origin);
		*origin = NULL;
	}
	free(seen);
	free(list);
	return all;
}
