/*
 * secret_file.h - reads one secret (a token, a webhook URL) from a file
 * of the user's own: refused when others may read it, or when it holds
 * anything but one line.
 */
#ifndef RB_SECRET_FILE_H
#define RB_SECRET_FILE_H

/*
 * The secret in `file`, trailing blanks and the line end dropped, into
 * *out (allocated; wipe it with explicit_bzero before freeing).  Returns
 * 0, or -1 with *why a one-line reason naming the file (never the secret).
 * `what` names the secret in the reason ("token", "webhook URL").
 */
int	secret_file_read(const char *file, const char *what, char **out,
	    char **why);

#endif
