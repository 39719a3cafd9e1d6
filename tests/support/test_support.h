/* Helpers shared by the unit tests. cmocka needs these system headers first. */
#ifndef CC_TEST_SUPPORT_H
#define CC_TEST_SUPPORT_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

/* cmocka's assert_float_equal casts to float; compare doubles properly:
 * passes when |actual - expected| <= abs_tol + rel_tol * |expected|. */
#define assert_near(actual, expected, abs_tol, rel_tol)                                        \
    do {                                                                                       \
        const double cc_a_ = (actual), cc_e_ = (expected);                                     \
        const double cc_tol_ = (abs_tol) + (rel_tol)*fabs(cc_e_);                              \
        if (!(fabs(cc_a_ - cc_e_) <= cc_tol_)) {                                               \
            fail_msg("%s = %.17g, expected %.17g (tolerance %.3g)", #actual, cc_a_, cc_e_,     \
                     cc_tol_);                                                                 \
        }                                                                                      \
    } while (0)

#endif
