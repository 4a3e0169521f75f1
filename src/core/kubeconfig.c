/*
 * kubeconfig.c - parses kubeconfig YAML (libyaml's document API) into
 * named clusters, users and contexts, merges files as kubectl does, and
 * resolves one context into a connection (kubeconfig.h).  Keys relboard
 * does not use (preferences, extensions) are ignored as kubectl ignores
 * them; a known key of the wrong shape is an error naming the file, the
 * entry and the key.  Values from the file never appear raw in errors.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "core/execcred.h"
#include "core/kubeconfig.h"
#include "core/sanitize.h"
#include "core/util.h"

/* One named cluster, user or context; the fields of its kind are set. */
struct kentry {
	char		*name;
	struct kube_conn c;	/* cluster: server, TLS; user: credentials */
	char		*ref_cluster, *ref_user;	/* context */
};

struct kfile_list {
	struct kentry	*v;
	size_t		 n, cap;
};

struct kubefile {
	struct kfile_list clusters, users, contexts;
	char		*current;
};

struct kparse {
	yaml_document_t	*doc;
	const char	*name;
	const char	*dir;
	char		*cause;
};

static int
kfail(struct kparse *p, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
kfail(struct kparse *p, const char *where, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (p->cause != NULL)
		return -1;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	p->cause = xasprintf("%s: %s: %s", p->name, where, msg);
	sanitize_text(p->cause);
	free(msg);
	return -1;
}

/* A scalar that YAML reads as null: absent. */
static int
is_null(const yaml_node_t *n)
{
	const char *v;

	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style !=
	    YAML_PLAIN_SCALAR_STYLE)
		return 0;
	v = (const char *)n->data.scalar.value;
	return *v == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
	    strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

/* The value of `key` in mapping `map`, or NULL (also for null). */
static yaml_node_t *
get(struct kparse *p, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t	*pr;
	yaml_node_t		*k, *v;

	if (map == NULL || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (pr = map->data.mapping.pairs.start;
	    pr < map->data.mapping.pairs.top; pr++) {
		k = yaml_document_get_node(p->doc, pr->key);
		if (k == NULL || k->type != YAML_SCALAR_NODE ||
		    strcmp((const char *)k->data.scalar.value, key) != 0)
			continue;
		v = yaml_document_get_node(p->doc, pr->value);
		return v == NULL || is_null(v) ? NULL : v;
	}
	return NULL;
}

/* A string value: 0 (absent leaves *out alone), or -1. */
static int
get_str(struct kparse *p, yaml_node_t *map, const char *where, const char *key,
    char **out)
{
	yaml_node_t *v = get(p, map, key);

	if (v == NULL)
		return 0;
	if (v->type != YAML_SCALAR_NODE ||
	    strlen((const char *)v->data.scalar.value) != v->data.scalar.length)
		return kfail(p, where, "%s must be a string", key);
	free(*out);
	*out = xstrdup((const char *)v->data.scalar.value);
	return 0;
}

static int
get_bool(struct kparse *p, yaml_node_t *map, const char *where, const char *key,
    bool *out)
{
	static const char *const yes[] = { "true", "True", "TRUE", NULL };
	static const char *const no[] = { "false", "False", "FALSE", NULL };
	yaml_node_t	*v = get(p, map, key);
	const char	*s;
	size_t		 i;

	if (v == NULL)
		return 0;
	if (v->type == YAML_SCALAR_NODE) {
		s = (const char *)v->data.scalar.value;
		for (i = 0; yes[i] != NULL; i++) {
			if (strcmp(s, yes[i]) == 0) {
				*out = true;
				return 0;
			}
			if (strcmp(s, no[i]) == 0) {
				*out = false;
				return 0;
			}
		}
	}
	return kfail(p, where, "%s must be true or false", key);
}

/*
 * dir/rel with rel's leading "./" and "../" taken away lexically, as Go's
 * filepath.Join does for kubectl.
 */
static char *
join_path(const char *dir, const char *rel)
{
	size_t	 n = strlen(dir);
	char	*out;

	for (;;) {
		if (strncmp(rel, "./", 2) == 0)
			rel += 2;
		else if (strncmp(rel, "../", 3) == 0 && n > 1) {
			while (n > 1 && dir[n - 1] != '/')
				n--;
			if (n > 1)
				n--;	/* the slash, unless it is the root */
			rel += 3;
		} else
			break;
	}
	while (n > 1 && dir[n - 1] == '/')
		n--;
	out = xasprintf("%.*s/%s", (int)n, dir, rel);
	return out;
}

/* A path: relative ones are taken from the file's folder. */
static int
get_path(struct kparse *p, yaml_node_t *map, const char *where, const char *key,
    char **out)
{
	char *s = NULL;

	if (get_str(p, map, where, key, &s) != 0)
		return -1;
	if (s == NULL)
		return 0;
	if (*s == '\0') {
		free(s);
		return 0;
	}
	free(*out);
	if (*s != '/' && p->dir != NULL) {
		*out = join_path(p->dir, s);
		free(s);
	} else
		*out = s;
	return 0;
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * Standard base64 (line breaks ignored, padding optional) into an
 * allocated NUL-terminated buffer; NULL when it is not base64.
 */
static char *
b64decode(const char *s, size_t *len)
{
	char		*out = xmalloc(strlen(s) / 4 * 3 + 4);
	unsigned	 acc = 0;
	int		 bits = 0, v, pad = 0;
	size_t		 n = 0;

	for (; *s != '\0'; s++) {
		if (*s == '\n' || *s == '\r')
			continue;
		if (*s == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || (v = b64val((unsigned char)*s)) < 0)
			goto bad;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (char)((acc >> bits) & 0xff);
		}
	}
	if (pad > 2 || bits >= 6 || (acc & ((1u << bits) - 1)) != 0)
		goto bad;
	out[n] = '\0';
	*len = n;
	return out;
bad:
	wipe_free(out, n);
	return NULL;
}

/* A *-data key: base64 decoded. */
static int
get_data(struct kparse *p, yaml_node_t *map, const char *where, const char *key,
    char **out, size_t *len)
{
	char *s = NULL, *d;
	size_t n;

	if (get_str(p, map, where, key, &s) != 0)
		return -1;
	if (s == NULL)
		return 0;
	d = b64decode(s, &n);
	wipe_free_str(s);
	if (d == NULL)
		return kfail(p, where, "%s is not base64", key);
	wipe_free(*out, *len);	/* a key given twice: the last counts */
	*out = d;
	*len = n;
	return 0;
}

/* A list of strings (exec args). */
static int
get_strs(struct kparse *p, yaml_node_t *map, const char *where, const char *key,
    char ***out, size_t *n)
{
	yaml_node_t	*v = get(p, map, key), *e;
	yaml_node_item_t *it;

	if (v == NULL)
		return 0;
	if (v->type != YAML_SEQUENCE_NODE)
		return kfail(p, where, "%s must be a list of strings", key);
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	    it++) {
		e = yaml_document_get_node(p->doc, *it);
		if (e == NULL || e->type != YAML_SCALAR_NODE ||
		    strlen((const char *)e->data.scalar.value) !=
		    e->data.scalar.length)
			return kfail(p, where, "%s must be a list of strings", key);
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[(*n)++] = xstrdup((const char *)e->data.scalar.value);
	}
	return 0;
}

static void
exec_free(struct kube_exec *x)
{
	size_t i;

	if (x == NULL)
		return;
	free(x->api_version);
	free(x->command);
	for (i = 0; i < x->nargs; i++)
		free(x->args[i]);
	free(x->args);
	for (i = 0; i < x->nenv; i++)
		wipe_free_str(x->env[i]);
	free(x->env);
	free(x->install_hint);
	free(x);
}

static int
parse_exec(struct kparse *p, yaml_node_t *m, const char *where, struct kube_conn *c)
{
	struct kube_exec	*x;
	yaml_node_t		*env, *e;
	yaml_node_item_t	*it;
	char			*mode = NULL, *name, *value;

	if (m->type != YAML_MAPPING_NODE)
		return kfail(p, where, "exec must be a mapping");
	x = c->exec = xcalloc(1, sizeof *x);
	if (get_str(p, m, where, "apiVersion", &x->api_version) != 0 ||
	    get_str(p, m, where, "command", &x->command) != 0 ||
	    get_strs(p, m, where, "args", &x->args, &x->nargs) != 0 ||
	    get_bool(p, m, where, "provideClusterInfo",
	    &x->provide_cluster_info) != 0 ||
	    get_str(p, m, where, "installHint", &x->install_hint) != 0 ||
	    get_str(p, m, where, "interactiveMode", &mode) != 0)
		goto bad;
	if (x->command == NULL || *x->command == '\0') {
		kfail(p, where, "exec needs a command");
		goto bad;
	}
	if (x->api_version == NULL || (strcmp(x->api_version,
	    "client.authentication.k8s.io/v1") != 0 && strcmp(x->api_version,
	    "client.authentication.k8s.io/v1beta1") != 0)) {
		kfail(p, where, "exec apiVersion must be "
		    "client.authentication.k8s.io/v1 or /v1beta1");
		goto bad;
	}
	if (mode != NULL && strcmp(mode, "Never") != 0 &&
	    strcmp(mode, "IfAvailable") != 0) {
		kfail(p, where, "exec interactiveMode %s: relboard never runs a "
		    "plugin interactively (use Never or IfAvailable)",
		    strcmp(mode, "Always") == 0 ? "Always" : "is unknown");
		goto bad;
	}
	/* A relative command with a slash is relative to the file (kubectl). */
	if (x->command[0] != '/' && strchr(x->command, '/') != NULL &&
	    p->dir != NULL) {
		name = join_path(p->dir, x->command);
		free(x->command);
		x->command = name;
	}
	if ((env = get(p, m, "env")) != NULL) {
		if (env->type != YAML_SEQUENCE_NODE) {
			kfail(p, where, "exec env must be a list of name and value");
			goto bad;
		}
		for (it = env->data.sequence.items.start;
		    it < env->data.sequence.items.top; it++) {
			e = yaml_document_get_node(p->doc, *it);
			name = value = NULL;
			if (e == NULL || e->type != YAML_MAPPING_NODE ||
			    get_str(p, e, where, "name", &name) != 0 ||
			    get_str(p, e, where, "value", &value) != 0 ||
			    name == NULL || *name == '\0' || strchr(name, '=')) {
				free(name);
				free(value);
				kfail(p, where, "exec env must be a list of name "
				    "and value");
				goto bad;
			}
			x->env = xreallocarray(x->env, x->nenv + 1, sizeof *x->env);
			x->env[x->nenv++] = xasprintf("%s=%s", name,
			    value != NULL ? value : "");
			free(name);
			wipe_free_str(value);
		}
	}
	free(mode);
	return 0;
bad:
	free(mode);
	return -1;
}

static int
parse_cluster(struct kparse *p, yaml_node_t *m, const char *where,
    struct kube_conn *c)
{
	return get_str(p, m, where, "server", &c->server) != 0 ||
	    get_path(p, m, where, "certificate-authority", &c->ca_file) != 0 ||
	    get_data(p, m, where, "certificate-authority-data", &c->ca_data,
	    &c->ca_len) != 0 ||
	    get_bool(p, m, where, "insecure-skip-tls-verify", &c->insecure) != 0 ||
	    get_str(p, m, where, "tls-server-name", &c->tls_server_name) != 0 ||
	    get_str(p, m, where, "proxy-url", &c->proxy_url) != 0 ? -1 : 0;
}

static int
parse_user(struct kparse *p, yaml_node_t *m, const char *where,
    struct kube_conn *c)
{
	static const char *const unsupported[] = { "auth-provider",
		"username", "password", "as", NULL };
	yaml_node_t	*x;
	size_t		 i;

	for (i = 0; unsupported[i] != NULL; i++) {
		if (get(p, m, unsupported[i]) != NULL)
			return kfail(p, where, "%s is not supported (use a token, "
			    "a client certificate or an exec plugin)",
			    unsupported[i]);
	}
	if (get_path(p, m, where, "client-certificate", &c->cert_file) != 0 ||
	    get_data(p, m, where, "client-certificate-data", &c->cert_data,
	    &c->cert_len) != 0 ||
	    get_path(p, m, where, "client-key", &c->key_file) != 0 ||
	    get_data(p, m, where, "client-key-data", &c->key_data,
	    &c->key_len) != 0 ||
	    get_str(p, m, where, "token", &c->token) != 0 ||
	    get_path(p, m, where, "tokenFile", &c->token_file) != 0)
		return -1;
	if (c->token != NULL && *c->token == '\0') {
		free(c->token);
		c->token = NULL;
	}
	if ((x = get(p, m, "exec")) != NULL)
		return parse_exec(p, x, where, c);
	return 0;
}

static int
parse_context(struct kparse *p, yaml_node_t *m, const char *where,
    struct kentry *e)
{
	return get_str(p, m, where, "cluster", &e->ref_cluster) != 0 ||
	    get_str(p, m, where, "user", &e->ref_user) != 0 ||
	    get_str(p, m, where, "namespace", &e->c.namespace) != 0 ? -1 : 0;
}

static struct kentry *
find(const struct kfile_list *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	}
	return NULL;
}

static void
entry_free(struct kentry *e)
{
	free(e->name);
	free(e->ref_cluster);
	free(e->ref_user);
	kube_conn_free(&e->c);
}

/*
 * A list such as clusters: [{name: N, cluster: {...}}].  Within one file
 * the first entry of a name counts, as in kubectl.
 */
static int
parse_list(struct kparse *p, yaml_node_t *root, const char *key,
    const char *inner, struct kfile_list *l)
{
	yaml_node_t		*seq = get(p, root, key), *e, *m;
	yaml_node_item_t	*it;
	struct kentry		 tmp;
	char			*where;
	size_t			 i = 0;
	int			 rc;

	if (seq == NULL)
		return 0;
	if (seq->type != YAML_SEQUENCE_NODE)
		return kfail(p, key, "must be a list");
	for (it = seq->data.sequence.items.start;
	    it < seq->data.sequence.items.top; it++, i++) {
		e = yaml_document_get_node(p->doc, *it);
		where = xasprintf("%s[%zu]", key, i);
		memset(&tmp, 0, sizeof tmp);
		rc = -1;
		if (e == NULL || e->type != YAML_MAPPING_NODE)
			kfail(p, where, "must be a mapping with name and %s", inner);
		else if (get_str(p, e, where, "name", &tmp.name) == 0) {
			if (tmp.name == NULL || *tmp.name == '\0')
				kfail(p, where, "needs a name");
			else {
				free(where);
				where = xasprintf("%s %s", inner, tmp.name);
				m = get(p, e, inner);
				if (m == NULL)
					rc = 0;
				else if (m->type != YAML_MAPPING_NODE)
					kfail(p, where, "must be a mapping");
				else if (strcmp(inner, "cluster") == 0)
					rc = parse_cluster(p, m, where, &tmp.c);
				else if (strcmp(inner, "user") == 0)
					rc = parse_user(p, m, where, &tmp.c);
				else
					rc = parse_context(p, m, where, &tmp);
			}
		}
		free(where);
		if (rc != 0 || find(l, tmp.name) != NULL) {
			entry_free(&tmp);
			if (rc != 0)
				return -1;
			continue;
		}
		*ARRAY_PUSH(l->v, l->n, l->cap) = tmp;
	}
	return 0;
}

struct kubefile *
kubefile_parse(const char *text, size_t len, const char *name, const char *dir,
    char **cause)
{
	yaml_parser_t	 parser;
	yaml_document_t	 doc;
	yaml_node_t	*root;
	struct kparse	 p = { &doc, name, dir, NULL };
	struct kubefile	*kf;

	if (!yaml_parser_initialize(&parser)) {
		*cause = xstrdup("cannot start the YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		*cause = xasprintf("%s:%zu:%zu: invalid YAML: %s", name,
		    parser.problem_mark.line + 1, parser.problem_mark.column + 1,
		    parser.problem != NULL ? parser.problem : "unknown error");
		sanitize_text(*cause);
		yaml_parser_delete(&parser);
		return NULL;
	}
	yaml_parser_delete(&parser);
	kf = xcalloc(1, sizeof *kf);
	root = yaml_document_get_root_node(&doc);
	if (root != NULL && !is_null(root)) {
		if (root->type != YAML_MAPPING_NODE)
			kfail(&p, "(top level)", "must be a mapping");
		else if (get_str(&p, root, "(top level)", "current-context",
		    &kf->current) == 0 &&
		    parse_list(&p, root, "clusters", "cluster", &kf->clusters) == 0 &&
		    parse_list(&p, root, "users", "user", &kf->users) == 0)
			parse_list(&p, root, "contexts", "context", &kf->contexts);
	}
	yaml_document_delete(&doc);
	if (p.cause != NULL) {
		kubefile_free(kf);
		*cause = p.cause;
		return NULL;
	}
	if (kf->current != NULL && *kf->current == '\0') {
		free(kf->current);
		kf->current = NULL;
	}
	return kf;
}

static void
merge_list(struct kfile_list *into, struct kfile_list *from)
{
	size_t i;

	for (i = 0; i < from->n; i++) {
		if (find(into, from->v[i].name) != NULL)
			entry_free(&from->v[i]);
		else
			*ARRAY_PUSH(into->v, into->n, into->cap) = from->v[i];
	}
	free(from->v);
	memset(from, 0, sizeof *from);
}

void
kubefile_merge(struct kubefile *into, struct kubefile *from)
{
	merge_list(&into->clusters, &from->clusters);
	merge_list(&into->users, &from->users);
	merge_list(&into->contexts, &from->contexts);
	if (into->current == NULL) {
		into->current = from->current;
		from->current = NULL;
	}
	kubefile_free(from);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static char *
dup_bytes(const char *s, size_t len)
{
	char *d;

	if (s == NULL)
		return NULL;
	d = xmalloc(len + 1);
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

static struct kube_exec *
exec_dup(const struct kube_exec *x)
{
	struct kube_exec	*d;
	size_t			 i;

	if (x == NULL)
		return NULL;
	d = xcalloc(1, sizeof *d);
	d->api_version = xstrdup(x->api_version);
	d->command = xstrdup(x->command);
	d->args = xcalloc(x->nargs + 1, sizeof *d->args);
	for (i = 0; i < x->nargs; i++)
		d->args[i] = xstrdup(x->args[i]);
	d->nargs = x->nargs;
	d->env = xcalloc(x->nenv + 1, sizeof *d->env);
	for (i = 0; i < x->nenv; i++)
		d->env[i] = xstrdup(x->env[i]);
	d->nenv = x->nenv;
	d->provide_cluster_info = x->provide_cluster_info;
	d->install_hint = dup_or_null(x->install_hint);
	return d;
}

int
kubefile_resolve(const struct kubefile *kf, const char *context,
    struct kube_conn *c, char **cause)
{
	const struct kentry	*ctx, *cl, *us = NULL;
	const char		*name = context != NULL ? context : kf->current;

	memset(c, 0, sizeof *c);
	if (name == NULL) {
		*cause = xstrdup("no current-context: name one with the "
		    "source's context key");
		return -1;
	}
	if ((ctx = find(&kf->contexts, name)) == NULL) {
		*cause = xasprintf("no context named \"%s\"", name);
		goto bad;
	}
	if (ctx->ref_cluster == NULL ||
	    (cl = find(&kf->clusters, ctx->ref_cluster)) == NULL) {
		*cause = ctx->ref_cluster == NULL ?
		    xasprintf("context %s names no cluster", name) :
		    xasprintf("context %s: no cluster named \"%s\"", name,
		    ctx->ref_cluster);
		goto bad;
	}
	if (ctx->ref_user != NULL && *ctx->ref_user != '\0' &&
	    (us = find(&kf->users, ctx->ref_user)) == NULL) {
		*cause = xasprintf("context %s: no user named \"%s\"", name,
		    ctx->ref_user);
		goto bad;
	}
	if (cl->c.server == NULL || (strncmp(cl->c.server, "https://", 8) != 0 &&
	    strncmp(cl->c.server, "http://", 7) != 0)) {
		*cause = xasprintf("cluster %s: server must be an http:// or "
		    "https:// URL", cl->name);
		goto bad;
	}
	if (cl->c.insecure && (cl->c.ca_file != NULL || cl->c.ca_data != NULL)) {
		*cause = xasprintf("cluster %s: insecure-skip-tls-verify and a "
		    "certificate-authority exclude each other (kubectl refuses "
		    "them too)", cl->name);
		goto bad;
	}
	c->context = xstrdup(name);
	c->cluster = xstrdup(cl->name);
	c->user = us != NULL ? xstrdup(us->name) : NULL;
	c->namespace = dup_or_null(ctx->c.namespace);
	if (c->namespace != NULL && *c->namespace == '\0') {
		free(c->namespace);
		c->namespace = NULL;
	}
	c->server = xstrdup(cl->c.server);
	c->ca_file = dup_or_null(cl->c.ca_file);
	c->ca_data = dup_bytes(cl->c.ca_data, cl->c.ca_len);
	c->ca_len = cl->c.ca_len;
	c->insecure = cl->c.insecure;
	c->tls_server_name = dup_or_null(cl->c.tls_server_name);
	c->proxy_url = dup_or_null(cl->c.proxy_url);
	if (us == NULL)
		return 0;
	c->cert_file = dup_or_null(us->c.cert_file);
	c->cert_data = dup_bytes(us->c.cert_data, us->c.cert_len);
	c->cert_len = us->c.cert_len;
	c->key_file = dup_or_null(us->c.key_file);
	c->key_data = dup_bytes(us->c.key_data, us->c.key_len);
	c->key_len = us->c.key_len;
	c->token = dup_or_null(us->c.token);
	c->token_file = dup_or_null(us->c.token_file);
	c->exec = exec_dup(us->c.exec);
	if ((c->cert_file != NULL || c->cert_data != NULL) !=
	    (c->key_file != NULL || c->key_data != NULL)) {
		*cause = xasprintf("user %s: a client certificate needs its key "
		    "and a key its certificate", us->name);
		goto bad;
	}
	if (c->exec != NULL && (c->token != NULL || c->token_file != NULL)) {
		*cause = xasprintf("user %s: give a token or an exec plugin, "
		    "not both", us->name);
		goto bad;
	}
	return 0;
bad:
	sanitize_text(*cause);
	kube_conn_free(c);
	return -1;
}

void
kubefile_free(struct kubefile *kf)
{
	size_t i;

	if (kf == NULL)
		return;
	for (i = 0; i < kf->clusters.n; i++)
		entry_free(&kf->clusters.v[i]);
	for (i = 0; i < kf->users.n; i++)
		entry_free(&kf->users.v[i]);
	for (i = 0; i < kf->contexts.n; i++)
		entry_free(&kf->contexts.v[i]);
	free(kf->clusters.v);
	free(kf->users.v);
	free(kf->contexts.v);
	free(kf->current);
	free(kf);
}

void
kube_conn_free(struct kube_conn *c)
{
	free(c->context);
	free(c->cluster);
	free(c->user);
	free(c->server);
	free(c->namespace);
	free(c->ca_file);
	free(c->ca_data);
	free(c->cert_file);
	free(c->cert_data);
	free(c->key_file);
	wipe_free(c->key_data, c->key_len);
	wipe_free_str(c->token);
	free(c->token_file);
	free(c->tls_server_name);
	free(c->proxy_url);
	exec_free(c->exec);
	if (c->cred != NULL) {
		execcred_free(c->cred);
		free(c->cred);
	}
	memset(c, 0, sizeof *c);
}
