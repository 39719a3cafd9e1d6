/* Writes synthetic SSDA903 returns from the default known rates, to try
 * `carecast calibrate --ssda903` on: ssda903_synth DIR [SEED] [ENTRIES_PER_YEAR].
 * DIR must not exist; it is created. Prints the true rates it used. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "ssda903_synth.h"

static const char *const type_names[SYNTH_TYPES] = {"in_house_fostering", "ifa",
                                                    "external_residential", "supported_living",
                                                    "placed_with_parents"};

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: ssda903_synth DIR [SEED] [ENTRIES_PER_YEAR]\n");
        return 2;
    }
    synth_truth truth;
    synth_default_truth(&truth);
    const unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 10) : 1UL;
    if (argc > 3)
        truth.entries_per_year = strtod(argv[3], NULL);
    if (!(truth.entries_per_year > 0.0 && truth.entries_per_year < 1e5)) {
        fprintf(stderr, "ssda903_synth: ENTRIES_PER_YEAR must be between 0 and 100000\n");
        return 2;
    }
    if (mkdir(argv[1], 0777) != 0) {
        perror(argv[1]);
        return 1;
    }
    synth_facts facts;
    if (!synth_write(argv[1], &truth, seed, &facts))
        return 1;
    printf("%zu children; returns 2015/16 to 2021/22 in %s\n", facts.children, argv[1]);
    printf("entries %.1f a year; exit hazards a child-year (return home, SGO, adoption, other) "
           "before the band multipliers 1.8, 1.4, 1.0, 0.6, 0.85:\n", truth.entries_per_year);
    for (int t = 0; t < SYNTH_TYPES; t++)
        printf("  %-22s %.2f %.2f %.2f %.2f\n", type_names[t], truth.exit_rate[t][0],
               truth.exit_rate[t][1], truth.exit_rate[t][2], truth.exit_rate[t][3]);
    return 0;
}
