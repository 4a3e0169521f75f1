/*
 * fuzz_unleash.c - the unleash adapter's poll: one input holds its four
 * answers (the project's features list, the client features of
 * development and of production, the recent events), separated by
 * FUZZ_SEP, and goes through parse, the model, the graph and
 * `status --json`.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	struct fuzz_poll p;

	fuzz_config(&cfg);
	fuzz_poll_init(&p, &cfg, "flags", data, size, 0);
	fuzz_pipeline(&cfg, "flags", fuzz_poll_parse, &p);
	fuzz_poll_free(&p);
	config_free(&cfg);
	return 0;
}
