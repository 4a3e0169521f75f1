/*
 * sim_main.c - relboard-sim: runs the release-day simulator on loopback
 * for tests and benchmarks, prints the port it listens on, and exits
 * cleanly on SIGINT or SIGTERM.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "core/util.h"
#include "sim/sim.h"

static void
usage(void)
{
	fprintf(stderr, "usage: relboard-sim [--port N] [--host ADDR]"
	    " [--flags N] [--rollouts N] [--services N] [--speed X]\n"
	    "                    [--latency-ms N] [--error-rate PCT]"
	    " [--malformed-rate PCT]\n"
	    "                    [--oversize-rate PCT] [--drop-rate PCT]"
	    " [--throttle-rate PCT]\n"
	    "                    [--retry-after S] [--token-file F]"
	    " [--print-config]\n"
	    "                    [--patch-log FILE] [--request-log FILE]\n");
	exit(2);
}

static long
number(const char *opt, const char *s, long min, long max)
{
	char	*end;
	long	 v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "relboard-sim: %s: bad value \"%s\"\n", opt, s);
		exit(2);
	}
	return v;
}

static void
on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	event_base_loopbreak(arg);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "port",	  required_argument, NULL, 'p' },
		{ "host",	  required_argument, NULL, 'H' },
		{ "flags",	  required_argument, NULL, 'f' },
		{ "rollouts",	  required_argument, NULL, 'r' },
		{ "services",	  required_argument, NULL, 's' },
		{ "speed",	  required_argument, NULL, 'x' },
		{ "latency-ms",	  required_argument, NULL, 'l' },
		{ "error-rate",	  required_argument, NULL, 'e' },
		{ "malformed-rate", required_argument, NULL, 'm' },
		{ "oversize-rate", required_argument, NULL, 'O' },
		{ "drop-rate",	  required_argument, NULL, 'd' },
		{ "throttle-rate", required_argument, NULL, 'T' },
		{ "retry-after",  required_argument, NULL, 'A' },
		{ "token-file",	  required_argument, NULL, 't' },
		{ "print-config", no_argument,	     NULL, 'c' },
		{ "patch-log",	  required_argument, NULL, 'P' },
		{ "request-log",  required_argument, NULL, 'R' },
		{ "help",	  no_argument,	     NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sim_opts		 o;
	struct event_base	*base;
	struct event		*sigint, *sigterm;
	struct sim		*sim;
	char			*cause = NULL, *token = NULL, *end, *cfg;
	size_t			 len;
	int			 c, print_config = 0;

	memset(&o, 0, sizeof o);
	o.speed = 1;
	while ((c = getopt_long(argc, argv, "p:H:f:r:s:x:l:e:m:O:d:T:A:t:P:cR:h", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'p':
			o.port = (int)number("--port", optarg, 0, 65535);
			break;
		case 'H':
			o.host = optarg;
			break;
		case 'P':
			o.patch_log = optarg;
			break;
		case 'f':
			o.nflags = (int)number("--flags", optarg, 0, 1000000);
			break;
		case 'r':
			o.nrollouts = (int)number("--rollouts", optarg, 0,
			    1000000);
			break;
		case 's':
			o.nservices = (int)number("--services", optarg, 0,
			    1000000);
			break;
		case 'x':
			o.speed = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' || !(o.speed > 0)) {
				fprintf(stderr, "relboard-sim: --speed: bad"
				    " value \"%s\"\n", optarg);
				return 2;
			}
			break;
		case 'l':
			o.latency_ms = (int)number("--latency-ms", optarg, 0,
			    600000);
			break;
		case 'e':
			o.error_rate_pct = (int)number("--error-rate", optarg, 0,
			    100);
			break;
		case 'm':
			o.malformed_pct = (int)number("--malformed-rate", optarg, 0,
			    100);
			break;
		case 'O':
			o.oversize_pct = (int)number("--oversize-rate", optarg, 0,
			    100);
			break;
		case 'd':
			o.drop_pct = (int)number("--drop-rate", optarg, 0, 100);
			break;
		case 'T':
			o.throttle_pct = (int)number("--throttle-rate", optarg,
			    0, 100);
			break;
		case 'A':
			o.retry_after_s = (int)number("--retry-after", optarg,
			    1, 86400);
			break;
		case 't':
			free(token);
			token = read_file(optarg, &len, &cause);
			if (token == NULL) {
				fprintf(stderr, "relboard-sim: %s\n", cause);
				free(cause);
				return 2;
			}
			token[strcspn(token, "\r\n")] = '\0';
			break;
		case 'c':
			print_config = 1;
			break;
		case 'R':
			o.request_log = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	o.token = token;

	signal(SIGPIPE, SIG_IGN);
	base = event_base_new();
	if (base == NULL) {
		fprintf(stderr, "relboard-sim: cannot create event base\n");
		return 1;
	}
	sim = sim_start(base, &o, &cause);
	if (sim == NULL) {
		fprintf(stderr, "relboard-sim: %s\n", cause);
		free(cause);
		free(token);
		event_base_free(base);
		return 1;
	}
	printf("listening on %s:%d\n", o.host ? o.host : "127.0.0.1",
	    sim_port(sim));
	if (print_config) {
		cfg = sim_demo_config(sim);
		printf("%s\n", cfg);
		free(cfg);
	}
	fflush(stdout);

	sigint = evsignal_new(base, SIGINT, on_signal, base);
	sigterm = evsignal_new(base, SIGTERM, on_signal, base);
	evsignal_add(sigint, NULL);
	evsignal_add(sigterm, NULL);
	event_base_dispatch(base);

	event_free(sigint);
	event_free(sigterm);
	sim_free(sim);
	event_base_free(base);
	free(token);
	return 0;
}
