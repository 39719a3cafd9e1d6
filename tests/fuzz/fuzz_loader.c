/* libFuzzer target: the scenario loader and its checks on any set of files
 * (see bundle.h), read from memory. Beyond the sanitizers' own findings, it
 * aborts when the loader breaks its contract: a loaded scenario comes with no
 * message; a refused one with at least one, each naming a file and line (or
 * "--set"), and no scenario. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "carecast/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* "FILE:LINE: ...", or "--set ...", or the scenario itself unreadable
 * ("fuzz/scenario.cfg: cannot ...", no line). */
static int located(const char *m)
{
    if (strncmp(m, "--set ", 6) == 0 ||
        strncmp(m, CC_BUNDLE_SCENARIO ": cannot ", sizeof CC_BUNDLE_SCENARIO + 8) == 0)
        return 1;
    for (const char *p = m; (p = strchr(p, ':')) != NULL; p++) {
        const char *q = p + 1;
        while (*q >= '0' && *q <= '9')
            q++;
        if (p > m && q > p + 1 && q[0] == ':' && q[1] == ' ')
            return 1;
    }
    return 0;
}

static void check_loaded(const cc_scenario *sc)
{
    if (sc->n_files < 1 || strcmp(sc->files[0], CC_BUNDLE_SCENARIO) != 0 ||
        sc->n_files > CC_MAX_FILES || sc->n_placements > CC_MAX_PLACEMENTS ||
        sc->n_bands > CC_MAX_BANDS || sc->n_initiatives > CC_MAX_INITIATIVES ||
        sc->n_assumptions > CC_MAX_ASSUMPTIONS)
        abort();
    (void)cc_scenario_start_cic(sc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cc_bundle b;
    if (!cc_bundle_parse(data, size, &b))
        return 0;
    cc_errlist errors;
    cc_errlist_init(&errors);
    cc_scenario *sc = NULL;
    const cc_status st = cc_scenario_load_from(CC_BUNDLE_SCENARIO, &b.reader, b.overrides,
                                               b.n_overrides, &sc, &errors);
    if (st == CC_OK) {
        if (sc == NULL || errors.count != 0)
            abort();
        check_loaded(sc);
        cc_scenario_free(sc);
    } else {
        if (sc != NULL || errors.count == 0)
            abort();
        for (size_t i = 0; i < errors.count; i++)
            if (st != CC_ERR_NOMEM && !located(errors.messages[i])) {
                fprintf(stderr, "unlocated message: %s\n", errors.messages[i]);
                abort();
            }
    }
    cc_errlist_destroy(&errors);
    cc_bundle_free(&b);
    return 0;
}
