/*
 * fuzz.h - what relboard's fuzz harnesses share: splitting one input into
 * the several answers an adapter reads, the configuration the harnesses
 * poll with, and the model pipeline every adapter's items go through
 * (apply, classify, graph, effective state, canary view, status JSON),
 * with the `status --json` contract checked on the way out.
 *
 * Each harness is one file defining LLVMFuzzerTestOneInput().  Built with
 * clang's -fsanitize=fuzzer it is a libFuzzer target (`make fuzz`); built
 * with replay.c by the normal compiler it replays files (`make check`).
 * RELBOARD_FUZZ_SHOW=1 in the environment prints each poll's failure and
 * status JSON on stderr, to see what an input does.
 */
#ifndef RB_FUZZ_H
#define RB_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "core/adapter.h"
#include "core/config.h"
#include "core/model.h"

/*
 * Answers in one input are separated by this line.  An answer that starts
 * with "@NNN\n" has HTTP status NNN (default 200); "@0\n" is no answer.
 */
#define FUZZ_SEP	"\n--8<--\n"

/* Split data into at most max answers; returns how many.  Free with
 * fuzz_answers_free().  Each body is NUL-terminated past its length. */
size_t	fuzz_split(const uint8_t *data, size_t size, struct response *resp,
	    size_t max);
void	fuzz_answers_free(struct response *resp, size_t n);

/* data as an allocated NUL-terminated string (stops at the first NUL). */
char	*fuzz_string(const uint8_t *data, size_t size);

/*
 * The configuration the adapter harnesses poll with: sources "flags"
 * (unleash: development, production), "metrics" (prometheus) and "k8s"
 * (argo-rollouts, namespace jesse-test, with deployments), and services
 * that own the flags and rollouts of tests/fixtures, depending on each
 * other in a loop.
 */
void	fuzz_config(struct config *);

/* One poll of source `name`: fill part; 0, or -1 with *cause. */
typedef int (*fuzz_poll_fn)(struct model_part *part, char **cause, void *arg);

/*
 * Run `poll` twice into a fresh model as the poller would (the second
 * poll finds the first one's rows), then every derived view the panes and
 * `status --json` read.  Aborts when the JSON breaks its contract.
 */
void	fuzz_pipeline(const struct config *, const char *name, fuzz_poll_fn poll,
	    void *arg);

/* The derived views and the status JSON of a model already polled. */
void	fuzz_views(struct model *, const struct config *);

/* An adapter's poll over split answers; fuzz_poll_parse() is its poll_fn. */
struct fuzz_poll {
	const struct adapter_entry *ad;
	struct poll_ctx	 ctx;
	struct response	 resp[RB_MAX_REQUESTS];
	size_t		 n;
};

/*
 * Plan the poll of source `name` (checking the plan is well formed), then
 * split data into at most `max` answers (0: as many as the plan has
 * requests).
 */
void	fuzz_poll_init(struct fuzz_poll *, const struct config *, const char *name,
	    const uint8_t *data, size_t size, size_t max);
int	fuzz_poll_parse(struct model_part *part, char **cause, void *arg);
void	fuzz_poll_free(struct fuzz_poll *);

/* Report a broken invariant and abort (a crash to libFuzzer). */
void	fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2),
	    noreturn));

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
