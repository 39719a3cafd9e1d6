/* Deterministic price indices: an amount at the start date's prices,
 * compounded by each financial year's change from the first year on. */
#include "carecast/prices.h"

void cc_price_index_table(const cc_price_index *index, size_t n_years, double *factors)
{
    double factor = 1.0;
    for (size_t y = 0; y < n_years; y++) {
        const size_t k = y < CC_INDEX_YEARS ? y : CC_INDEX_YEARS - 1;
        factor *= 1.0 + index->annual_pct[k] / 100.0;
        factors[y] = factor;
    }
}

double cc_price_index_factor(const cc_price_index *index, size_t y)
{
    double factor = 1.0;
    for (size_t k = 0; k <= y; k++)
        factor *= 1.0 + index->annual_pct[k < CC_INDEX_YEARS ? k : CC_INDEX_YEARS - 1] / 100.0;
    return factor;
}

void cc_price_index_constant(cc_price_index *index, double pct)
{
    index->annual_pct[0] = 0.0;
    for (size_t y = 1; y < CC_INDEX_YEARS; y++)
        index->annual_pct[y] = pct;
}

void cc_price_index_by_year(cc_price_index *index, const double *pct, size_t n)
{
    for (size_t y = 0; y < CC_INDEX_YEARS; y++)
        index->annual_pct[y] = n == 0 ? 0.0 : pct[y < n ? y : n - 1];
}
