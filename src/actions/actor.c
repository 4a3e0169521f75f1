/*
 * actor.c - finds out who is acting (user, host, SSH origin) for the
 * journal and the announcements.
 */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actions/actor.h"
#include "core/util.h"

void
actor_get(struct actor *a)
{
	struct passwd *pw = getpwuid(getuid());
	const char *ssh = getenv("SSH_CONNECTION"), *user = getenv("USER");
	char host[256], *sp;

	memset(a, 0, sizeof *a);
	if (pw != NULL && pw->pw_name != NULL)
		user = pw->pw_name;
	a->user = user != NULL ? xstrdup(user) : NULL;
	if (gethostname(host, sizeof host) == 0) {
		host[sizeof host - 1] = '\0';
		if (*host != '\0')
			a->host = xstrdup(host);
	}
	if (ssh == NULL || *ssh == '\0')
		ssh = getenv("SSH_CLIENT");
	if (ssh != NULL && *ssh != '\0') {
		/*
		 * SSH_CONNECTION "client_ip client_port server_ip server_port",
		 * SSH_CLIENT "client_ip client_port server_port": keep the client.
		 */
		a->ssh_origin = xstrdup(ssh);
		if ((sp = strchr(a->ssh_origin, ' ')) != NULL &&
		    (sp = strchr(sp + 1, ' ')) != NULL)
			*sp = '\0';
		a->ssh_ip = xstrdup(a->ssh_origin);
		if ((sp = strchr(a->ssh_ip, ' ')) != NULL)
			*sp = '\0';
	}
}

void
actor_free(struct actor *a)
{
	free(a->user);
	free(a->host);
	free(a->ssh_origin);
	free(a->ssh_ip);
	memset(a, 0, sizeof *a);
}
