/*
 * cmd_check.c - `relboard check`: a doctor for the configuration.  Polls
 * every source once, the way the dashboard does (the adapter's requests,
 * the same credentials and TLS settings, through net/), and asks each
 * service its version (core/svcversion.h).  Prints per source the
 * endpoint, the auth method (where the token comes from, never the token),
 * the TLS verification, the version, the latency and the first error with
 * a hint at what to fix.  Exit 0 when every source answered, 3 otherwise,
 * 2 for usage or configuration errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "cli/check_kube.h"
#include "cli/cli.h"
#include "core/adapter.h"
#include "core/kubeconfig.h"
#include "core/sanitize.h"
#include "core/svcversion.h"
#include "core/util.h"
#include "net/kubeauth.h"
#include "net/net.h"
#include "net/poller.h"

/* One answer, kept after net's callback returns. */
struct check_answer {
	long		 status;
	char		*body;
	size_t		 len;
	char		*error;
	enum net_fail	 fail;
	double		 elapsed_s;
	long		 retry_after_s;
};

struct check_src;

struct check_ref {
	struct check_src *cs;
	struct check_answer *a;
};

struct check_src {
	const struct source_cfg *src;
	const struct adapter_entry *ad;
	struct request_desc reqs[RB_MAX_REQUESTS];
	struct check_answer ans[RB_MAX_REQUESTS];
	struct check_ref refs[RB_MAX_REQUESTS + 1];
	size_t		 nreqs;
	int		 has_version;
	struct request_desc vreq;
	struct check_answer vans;
	char		*auth_error;	/* the exec plugin failed */
	size_t		*left;		/* answers still to come, all sources */
	struct event_base *base;
};

static void
on_answer(const struct net_response *r, void *arg)
{
	struct check_ref *ref = arg;
	struct check_answer *a = ref->a;

	a->status = r->status;
	a->body = xstrndup(r->body != NULL ? r->body : "", r->len);
	a->len = r->len;
	a->error = r->error != NULL ? xstrdup(r->error) : NULL;
	a->fail = r->fail;
	a->elapsed_s = r->elapsed_s;
	a->retry_after_s = r->retry_after_s;
	if (--*ref->cs->left == 0)
		event_base_loopbreak(ref->cs->base);
}

static void
submit(struct check_src *cs, struct net *net, const struct request_desc *rd,
    struct check_ref *ref)
{
	struct net_request nr;
	struct net_response fake;
	char *url, *auth;

	memset(&nr, 0, sizeof nr);
	url = xasprintf("%s%s", cs->src->url, rd->path);
	nr.method = rd->method;
	nr.url = url;
	nr.body = rd->body;
	nr.content_type = rd->content_type;
	kubeauth_fill(cs->src, cs->ad->auth_scheme, &nr, &auth);
	nr.timeout_ms = (long)(cs->src->timeout_s * 1000);
	if (net_submit(net, &nr, on_answer, ref) != 0) {
		memset(&fake, 0, sizeof fake);
		fake.error = "could not start the request";
		fake.fail = NET_FAIL_OTHER;
		fake.retry_after_s = -1;
		on_answer(&fake, ref);
	}
	kubeauth_auth_free(auth);
	free(url);
}

static void
answer_free(struct check_answer *a)
{
	free(a->body);
	free(a->error);
	memset(a, 0, sizeof *a);
}

/* "token (file PATH)", "token (env VAR)" or "none": never the token. */
static char *
auth_text(const struct source_cfg *s)
{
	if (s->kube != NULL)
		return check_kube_auth(s);
	if (s->token == NULL)
		return xstrdup("none");
	return xasprintf("token from %s", s->token_origin != NULL ?
	    s->token_origin : "the configuration");
}

/* token_file is PATH / token_env is VAR, from "file PATH" / "env VAR". */
static char *
origin_text(const struct source_cfg *s)
{
	const char *o = s->token_origin;

	if (o == NULL)
		return xstrdup("");
	if (strncmp(o, "file ", 5) == 0)
		return xasprintf("; token_file is %s", o + 5);
	if (strncmp(o, "env ", 4) == 0)
		return xasprintf("; token_env is %s", o + 4);
	return xasprintf("; the token comes from %s", o);
}

static int
is_https(const struct source_cfg *s)
{
	return strncasecmp(s->url, "https://", 8) == 0;
}

static char *
tls_text(const struct source_cfg *s)
{
	if (!is_https(s))
		return xstrdup("none (plain http)");
	if (s->kube != NULL)
		return check_kube_tls(s);
	if (s->insecure_skip_tls_verify)
		return xstrdup("insecure: the certificate is not verified "
		    "(insecure_skip_tls_verify)");
	if (s->ca_file != NULL)
		return xasprintf("verified against ca_file %s", s->ca_file);
	return xstrdup("verified against the system's CAs");
}

/* The first error of a poll with a hint at what to fix, for one answer. */
static char *
hint(const struct source_cfg *s, const struct request_desc *rd,
    const struct check_answer *a)
{
	struct response r = { a->status, a->body, a->len, a->error, 0 };
	char *why, *o, *out;

	if (a->status == 0) {
		why = sanitize_dup(a->error != NULL ? a->error : "no answer");
		switch (a->fail) {
		case NET_FAIL_REFUSED:
			out = xasprintf("%s: is the service running at %s?", why,
			    s->url);
			break;
		case NET_FAIL_DNS:
			out = xasprintf("%s: is the host in url %s right?", why,
			    s->url);
			break;
		case NET_FAIL_TIMEOUT:
			out = xasprintf("%s: is %s reachable from here (a "
			    "firewall, a proxy), or does timeout_s need to be "
			    "longer?", why, s->url);
			break;
		case NET_FAIL_TLS:
			if (!is_https(s))
				out = xstrdup(why);
			else if (s->ca_file != NULL)
				out = xasprintf("%s: is ca_file %s the CA that "
				    "signed the server's certificate, and is the "
				    "host name in url %s on it?", why, s->ca_file,
				    s->url);
			else
				out = xasprintf("%s: the system's CAs do not "
				    "trust the server's certificate; set ca_file "
				    "to the CA that signed it", why);
			break;
		case NET_FAIL_RESET:
		case NET_FAIL_CLOSED:
			out = xasprintf("%s: is %s the service itself (%s "
			    "speaks http%s), not another port or a proxy?", why,
			    s->url, s->kind, is_https(s) ? "s" : "");
			break;
		default:
			out = xstrdup(why);
			break;
		}
		free(why);
		return out;
	}
	why = response_error(&r);
	switch (a->status) {
	case 401:
		if (s->kube != NULL) {
			o = auth_text(s);
			out = xasprintf("401: source %s: the cluster refused the "
			    "credentials of context %s: %s", s->name,
			    s->kube->context, o);
			free(o);
			break;
		}
		o = origin_text(s);
		out = s->token == NULL ?
		    xasprintf("401: source %s sends no token and the service "
		    "asks for one: set token_env or token_file", s->name) :
		    xasprintf("401: the token for source %s was refused%s", s->name,
		    o);
		free(o);
		break;
	case 403:
		o = origin_text(s);
		out = xasprintf("403: the token for source %s may not read %s%s "
		    "(%s)", s->name, rd->path, o, why);
		free(o);
		break;
	case 404:
		out = xasprintf("404 for %s: is %s the base URL of a %s "
		    "service? (%s)", rd->path, s->url, s->kind, why);
		break;
	case 429:
		out = a->retry_after_s >= 0 ?
		    xasprintf("429: the service is rate limiting; it asks to "
		    "wait %ld s", a->retry_after_s) :
		    xstrdup("429: the service is rate limiting");
		break;
	default:
		if (a->status >= 500)
			out = xasprintf("the service failed: %s (see its log)",
			    why);
		else
			out = xstrdup(why);
		break;
	}
	free(why);
	return out;
}

static int
ok_status(long status)
{
	return status >= 200 && status <= 299;
}

/* Print one source's report; returns whether it answered. */
static int
report(const struct config *cfg, struct check_src *cs)
{
	const struct source_cfg *s = cs->src;
	struct response resp[RB_MAX_REQUESTS];
	struct response vr;
	struct poll_ctx ctx = { s, cfg, 0 };
	struct model_part part;
	char *t, *err = NULL, *version = NULL, *vcause = NULL;
	double latency = -1;
	size_t i;

	sanitize_fprintf(stdout, "source %s (%s)", s->name, s->kind);
	sanitize_fprintf(stdout, "  endpoint: %s", s->url);
	if (s->kube != NULL) {
		t = check_kube_context(s);
		sanitize_fprintf(stdout, "  context:  %s", t);
		free(t);
	}
	t = auth_text(s);
	sanitize_fprintf(stdout, "  auth:     %s", t);
	free(t);
	t = tls_text(s);
	sanitize_fprintf(stdout, "  tls:      %s", t);
	free(t);

	/* As the poller does: no answer fails; the adapter judges the rest. */
	if (cs->auth_error != NULL)
		err = xstrdup(cs->auth_error);
	for (i = 0; i < cs->nreqs && err == NULL; i++) {
		if (cs->ans[i].status == 0)
			err = hint(s, &cs->reqs[i], &cs->ans[i]);
		else if (cs->ans[i].elapsed_s > latency)
			latency = cs->ans[i].elapsed_s;
	}
	if (err == NULL) {
		for (i = 0; i < cs->nreqs; i++) {
			resp[i].status = cs->ans[i].status;
			resp[i].body = cs->ans[i].body;
			resp[i].len = cs->ans[i].len;
			resp[i].error = NULL;
		}
		memset(&part, 0, sizeof part);
		if (cs->ad->parse(&ctx, resp, cs->nreqs, &part, &t) != 0) {
			/* The first refused request says why best. */
			for (i = 0; i < cs->nreqs && err == NULL; i++) {
				if (!ok_status(cs->ans[i].status))
					err = hint(s, &cs->reqs[i], &cs->ans[i]);
			}
			if (err == NULL)
				err = xasprintf("the answer is not what a %s "
				    "service sends: %s", s->kind, t);
			free(t);
		}
		model_part_free(&part);
	}

	if (cs->has_version) {
		vr.status = cs->vans.status;
		vr.body = cs->vans.body;
		vr.len = cs->vans.len;
		vr.error = cs->vans.error;
		if (svcversion_parse(s->kind, &vr, &version, &vcause) == 0)
			sanitize_fprintf(stdout, "  version:  %s", version);
		else if (cs->vans.status == 0)
			sanitize_fprintf(stdout, "  version:  unknown (no answer "
			    "to %s %s)", cs->vreq.method, cs->vreq.path);
		else if (!ok_status(cs->vans.status))
			sanitize_fprintf(stdout, "  version:  unknown (%s %s "
			    "answered %ld)", cs->vreq.method, cs->vreq.path,
			    cs->vans.status);
		else
			sanitize_fprintf(stdout, "  version:  unknown (%s %s: %s)",
			    cs->vreq.method, cs->vreq.path, vcause);
		free(version);
		free(vcause);
	} else
		sanitize_fprintf(stdout, "  version:  unknown (no version request "
		    "for %s)", s->kind);
	if (latency >= 0)
		sanitize_fprintf(stdout, "  latency:  %.0f ms (%zu request%s)",
		    latency * 1000, cs->nreqs, cs->nreqs == 1 ? "" : "s");
	else
		sanitize_fprintf(stdout, "  latency:  -");
	if (err != NULL) {
		sanitize_fprintf(stdout, "  error:    %s", err);
		free(err);
		return 0;
	}
	sanitize_fprintf(stdout, "  result:   ok");
	return 1;
}

static int
cmd_check_exec(struct cli *c)
{
	struct check_src *cs;
	struct poll_ctx ctx;
	struct net *net;
	char *cause = NULL, *note;
	size_t i, j, n, left = 0;
	int failed = 0;

	if (cli_setup(c, &cause) != 0) {
		sanitize_eprintf("relboard: %s", cause);
		free(cause);
		return EXIT_USAGE;
	}
	net = poller_net(c->poller);
	n = c->cfg.nsources;
	cs = xcalloc(n > 0 ? n : 1, sizeof *cs);
	for (i = 0; i < n; i++) {
		cs[i].src = &c->cfg.sources[i];
		cs[i].ad = adapter_find(cs[i].src->kind);
		cs[i].left = &left;
		cs[i].base = c->base;
		ctx.src = cs[i].src;
		ctx.cfg = &c->cfg;
		ctx.at = 0;
		cs[i].nreqs = cs[i].ad->plan(&ctx, cs[i].reqs);
		cs[i].has_version = svcversion_request(cs[i].src->kind,
		    &cs[i].vreq) == 0;
		left += cs[i].nreqs + (cs[i].has_version ? 1 : 0);
	}
	for (i = 0; i < n; i++) {
		/* An exec plugin first: without a credential nothing is sent. */
		if (kubeauth_refresh(cs[i].src, 0, &note, &cs[i].auth_error) != 0) {
			left -= cs[i].nreqs + (cs[i].has_version ? 1 : 0);
			cs[i].nreqs = 0;
		}
		if (note != NULL) {
			sanitize_eprintf("relboard: %s", note);
			free(note);
		}
		for (j = 0; j < cs[i].nreqs; j++) {
			cs[i].refs[j].cs = &cs[i];
			cs[i].refs[j].a = &cs[i].ans[j];
			submit(&cs[i], net, &cs[i].reqs[j], &cs[i].refs[j]);
		}
		if (cs[i].has_version && cs[i].auth_error == NULL) {
			cs[i].refs[j].cs = &cs[i];
			cs[i].refs[j].a = &cs[i].vans;
			submit(&cs[i], net, &cs[i].vreq, &cs[i].refs[j]);
		}
	}
	if (left > 0)
		event_base_dispatch(c->base);

	for (i = 0; i < n; i++) {
		if (i > 0)
			putchar('\n');
		if (!report(&c->cfg, &cs[i]))
			failed++;
		for (j = 0; j < cs[i].nreqs; j++) {
			answer_free(&cs[i].ans[j]);
			request_desc_free(&cs[i].reqs[j]);
		}
		answer_free(&cs[i].vans);
		request_desc_free(&cs[i].vreq);
		free(cs[i].auth_error);
	}
	free(cs);
	putchar('\n');
	if (failed > 0)
		sanitize_fprintf(stdout, "%d of %zu source%s did not answer",
		    failed, n, n == 1 ? "" : "s");
	else
		sanitize_fprintf(stdout, "all %zu source%s answered", n,
		    n == 1 ? "" : "s");
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "relboard: cannot write the report\n");
		return EXIT_FAILED;
	}
	return failed > 0 ? EXIT_SOURCE : EXIT_OK;
}

const struct cmd_entry cmd_check_entry = {
	.name = "check",
	.usage = "check",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_check_exec,
};
