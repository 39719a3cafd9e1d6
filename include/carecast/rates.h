/* Converting the human units of scenario files into monthly probabilities. */
#ifndef CARECAST_RATES_H
#define CARECAST_RATES_H

#include <math.h>

/* The monthly probability that gives annual_pct % over twelve independent
 * months: 1 - (1 - pct/100)^(1/12); 100% or more is certain. */
static inline double cc_monthly_probability(double annual_pct)
{
    if (annual_pct >= 100.0)
        return 1.0;
    return 1.0 - pow(1.0 - annual_pct / 100.0, 1.0 / 12.0);
}

#endif
