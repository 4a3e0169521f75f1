/*
 * actor.h - who is acting: the login name, this host's name and, over
 * SSH, where the session comes from (SSH_CONNECTION, else SSH_CLIENT).
 * Journal entries and announcements both say it.
 */
#ifndef RB_ACTOR_H
#define RB_ACTOR_H

struct actor {
	char	*user;		/* the password entry's name, else $USER; or NULL */
	char	*host;		/* gethostname(), or NULL */
	char	*ssh_origin;	/* "client_ip client_port", or NULL */
	char	*ssh_ip;	/* "client_ip", or NULL */
};

void	actor_get(struct actor *);
void	actor_free(struct actor *);

#endif
