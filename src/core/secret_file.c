/*
 * secret_file.c - reads a secret from a file: the file must be readable by
 * its owner alone (mode 0600 or stricter) and hold one line.  Used for
 * sources' token_file and webhooks' url_file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/secret_file.h"
#include "core/util.h"

int
secret_file_read(const char *file, const char *what, char **out, char **why)
{
	struct stat st;
	char *text, *end, *cause = NULL;

	if (stat(file, &st) != 0) {
		*why = xasprintf("%s: %s", file, strerror(errno));
		return -1;
	}
	if (st.st_mode & 077) {
		*why = xasprintf("%s is readable by others (mode %03o); chmod "
		    "600 it", file, (unsigned)(st.st_mode & 0777));
		return -1;
	}
	if ((text = read_file(file, NULL, &cause)) == NULL) {
		*why = cause;
		return -1;
	}
	end = text + strlen(text);
	while (end > text && (end[-1] == '\n' || end[-1] == '\r' ||
	    end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	if (*text == '\0' || strpbrk(text, "\r\n") != NULL) {
		*why = xasprintf("%s must hold one %s on one line", file, what);
		explicit_bzero(text, strlen(text));
		free(text);
		return -1;
	}
	*out = text;
	return 0;
}
