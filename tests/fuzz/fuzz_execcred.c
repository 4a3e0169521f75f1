/*
 * fuzz_execcred.c - the ExecCredential parser: one input is what an exec
 * plugin printed.  An accepted credential holds a token without a line
 * break, or a certificate with its key, and an expiry that is a time.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/execcred.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct exec_cred ec;
	char *cause = NULL;

	if (execcred_parse((const char *)data, size,
	    "client.authentication.k8s.io/v1", &ec, &cause) != 0) {
		if (cause == NULL)
			fuzz_fail("execcred: refused without a cause");
		free(cause);
		return 0;
	}
	if (ec.token == NULL && ec.cert == NULL)
		fuzz_fail("execcred: neither token nor certificate");
	if ((ec.cert == NULL) != (ec.key == NULL))
		fuzz_fail("execcred: certificate without key");
	if (ec.token != NULL && (*ec.token == '\0' ||
	    strpbrk(ec.token, "\r\n") != NULL))
		fuzz_fail("execcred: token empty or with a line break");
	if (!isfinite(ec.expires) || ec.expires < 0)
		fuzz_fail("execcred: expiry %f", ec.expires);
	execcred_valid(&ec, 1795002400);
	execcred_free(&ec);
	return 0;
}
