/* JSON numbers that never print as NaN or Infinity (not JSON); strings are
 * output's cc_json_string. */
#include <math.h>
#include <stdio.h>

#include "serve/serve_internal.h"

void cc_json_number(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, "%.10g", x == 0.0 ? 0.0 : x);
    else
        fputs("null", f);
}
