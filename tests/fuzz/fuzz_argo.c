/*
 * fuzz_argo.c - the argo-rollouts adapter's poll: one input holds the
 * Kubernetes API's list answers (Rollouts, ReplicaSets and Deployments of
 * the namespace), separated by FUZZ_SEP; with two answers or fewer the
 * source does not read Deployments.  They go through parse, the model,
 * the graph and `status --json`.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	struct fuzz_poll p;
	struct source_cfg *src;

	fuzz_config(&cfg);
	fuzz_poll_init(&p, &cfg, "k8s", data, size, 3);
	src = (struct source_cfg *)p.ctx.src;
	src->deployments = p.n == 3;
	fuzz_pipeline(&cfg, "k8s", fuzz_poll_parse, &p);
	fuzz_poll_free(&p);
	config_free(&cfg);
	return 0;
}
