/*
 * replay.c - runs a fuzz harness without libFuzzer: every file named on
 * the command line, and every file in every folder named, is passed once
 * to LLVMFuzzerTestOneInput().  `make check` builds each harness with it
 * to replay the seed corpus and the crashes found before
 * (tests/fuzz/regress/HARNESS/), so that they stay fixed.  A harness that
 * finds a problem aborts; so a clean exit means every input passed.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/util.h"
#include "fuzz.h"

static size_t
replay_file(const char *path)
{
	char *text, *cause = NULL;
	size_t len;

	if ((text = read_file(path, &len, &cause)) == NULL) {
		fprintf(stderr, "replay: %s\n", cause);
		exit(2);
	}
	LLVMFuzzerTestOneInput((const uint8_t *)text, len);
	free(text);
	return 1;
}

static size_t
replay_dir(const char *dir)
{
	struct dirent *de;
	struct stat st;
	size_t n = 0;
	char *path;
	DIR *d;

	if ((d = opendir(dir)) == NULL) {
		perror(dir);
		exit(2);
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			n += replay_file(path);
		free(path);
	}
	closedir(d);
	return n;
}

int
main(int argc, char **argv)
{
	struct stat st;
	size_t n = 0;
	int i;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			return 2;
		}
		n += S_ISDIR(st.st_mode) ? replay_dir(argv[i]) : replay_file(argv[i]);
	}
	printf("%zu inputs replayed\n", n);
	return 0;
}
