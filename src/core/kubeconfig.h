/*
 * kubeconfig.h - kubeconfig files (YAML, through libyaml) resolved the way
 * kubectl resolves them: the files of KUBECONFIG (or ~/.kube/config, or
 * one named file) merged, a context picked, and its cluster and user
 * turned into one connection: server, TLS material, token or exec plugin,
 * namespace.  Parsing and resolving are pure (kubefile_*); only
 * kubeconfig_load() reads files.
 */
#ifndef RB_KUBECONFIG_H
#define RB_KUBECONFIG_H

#include <stdbool.h>
#include <stddef.h>

/* A user's exec credential plugin (client.authentication.k8s.io). */
struct kube_exec {
	char		*api_version;	/* .../v1 or .../v1beta1 */
	char		*command;	/* a name looked up in PATH, or a path */
	char		**args;
	size_t		 nargs;
	char		**env;		/* "NAME=VALUE" */
	size_t		 nenv;
	bool		 provide_cluster_info;
	char		*install_hint;
};

/* One context resolved.  Secrets: token, key_data (and their files' text). */
struct kube_conn {
	char		*context, *cluster, *user;	/* names */
	char		*server;
	char		*namespace;	/* the context's, or NULL */
	char		*ca_file;	/* certificate-authority, absolute */
	char		*ca_data;	/* certificate-authority-data, decoded */
	size_t		 ca_len;
	char		*cert_file, *cert_data;	/* client-certificate[-data] */
	size_t		 cert_len;
	char		*key_file, *key_data;	/* client-key[-data] */
	size_t		 key_len;
	char		*token;
	char		*token_file;	/* tokenFile, absolute */
	bool		 insecure;	/* insecure-skip-tls-verify */
	char		*tls_server_name;
	char		*proxy_url;
	struct kube_exec *exec;		/* NULL: no plugin */
	/* The plugin's last credential (net/kubeauth.c), freed with this. */
	struct exec_cred *cred;
};

struct kubefile;
struct exec_cred;

/*
 * Parse one file's text.  `name` is used in errors; relative paths in it
 * are made absolute against `dir`.  NULL with *cause on error.
 */
struct kubefile *kubefile_parse(const char *text, size_t len, const char *name,
		    const char *dir, char **cause);
/*
 * Merge `from` into `into` as kubectl merges KUBECONFIG: a cluster, user
 * or context already named in `into` is kept; current-context is the
 * first one set.  `from` is freed.
 */
void	kubefile_merge(struct kubefile *into, struct kubefile *from);
/*
 * The connection of context `context` (NULL: current-context).  Reads no
 * file.  0, or -1 with *cause naming the problem.
 */
int	kubefile_resolve(const struct kubefile *, const char *context,
	    struct kube_conn *, char **cause);
void	kubefile_free(struct kubefile *);

/*
 * Load and merge the files: `path` alone when given, else those of
 * $KUBECONFIG (colon-separated; missing ones skipped), else
 * ~/.kube/config.  *origin gets a printable account of the files.
 */
struct kubefile *kubeconfig_load(const char *path, char **origin, char **cause);

void	kube_conn_free(struct kube_conn *);

#endif
