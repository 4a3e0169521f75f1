/*
 * fuzz_prometheus.c - the prometheus adapter's poll: one input holds its
 * four answers (rate, error ratio and p99 vectors, the error-ratio trend
 * matrix), separated by FUZZ_SEP, and goes through parse, the model (two
 * polls, so that trends are carried over), the canary view and
 * `status --json`.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	struct fuzz_poll p;

	fuzz_config(&cfg);
	fuzz_poll_init(&p, &cfg, "metrics", data, size, 0);
	p.ctx.at = 1795002400;	/* when tests/fixtures/prometheus was taken */
	fuzz_pipeline(&cfg, "metrics", fuzz_poll_parse, &p);
	fuzz_poll_free(&p);
	config_free(&cfg);
	return 0;
}
