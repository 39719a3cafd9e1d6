/* Deterministic price indices by financial year (pay award, overheads, care
 * leavers, initiatives, allowances, the UASC grant, each other cost line):
 * pure functions of a cc_price_index. Placement prices have their own,
 * uncertain, index in the engine; these are the per-line indices a yearly
 * stochastic process can later replace. */
#ifndef CARECAST_PRICES_H
#define CARECAST_PRICES_H

#include <stddef.h>

#include "carecast/scenario.h"

/* The multiplier, in financial year y of the run (0 = the year of the model's
 * start date), of an amount written at the start date's prices:
 * prod over k <= y of (1 + annual_pct[k] / 100). y beyond the index's years
 * uses the last year's. */
double cc_price_index_factor(const cc_price_index *index, size_t y);

/* factors[y] = cc_price_index_factor(index, y) for y < n_years, in O(n_years). */
void cc_price_index_table(const cc_price_index *index, size_t n_years, double *factors);

/* Sets index to one change a year: 0 in the first year, pct each April after. */
void cc_price_index_constant(cc_price_index *index, double pct);

/* Sets index to pct[0..n) by financial year from the first, pct[n - 1]
 * carried on (n >= 1; at most CC_INDEX_YEARS values are read). */
void cc_price_index_by_year(cc_price_index *index, const double *pct, size_t n);

#endif
