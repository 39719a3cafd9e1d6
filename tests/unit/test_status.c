/* Tests for status reporting: cc_error_set, cc_status_name, the growable
 * cc_errlist, and cc_version. */
#include "test_support.h"

#include <string.h>

#include "carecast/status.h"
#include "carecast/version.h"

static void test_error_set_formats_and_returns_status(void **state)
{
    (void)state;
    cc_error err = {CC_OK, ""};
    const cc_status status = cc_error_set(&err, CC_ERR_INVALID, "%s:%d: %s must be >= 0, got %.3g",
                                          "base.cfg", 14, "demand.volatility", -2.385);
    assert_int_equal(status, CC_ERR_INVALID);
    assert_int_equal(err.status, CC_ERR_INVALID);
    assert_string_equal(err.message, "base.cfg:14: demand.volatility must be >= 0, got -2.38");
}

static void test_error_set_accepts_null(void **state)
{
    (void)state;
    assert_int_equal(cc_error_set(NULL, CC_ERR_IO, "%s", "ignored"), CC_ERR_IO);
}

static void test_error_set_truncates_long_message(void **state)
{
    (void)state;
    char long_text[2 * CC_ERROR_MESSAGE_MAX];
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    cc_error err;
    memset(&err, 0x55, sizeof err); /* no NUL anywhere: the call must add one */
    cc_error_set(&err, CC_ERR_PARSE, "%s", long_text);
    assert_int_equal(err.status, CC_ERR_PARSE);
    assert_int_equal(strlen(err.message), CC_ERROR_MESSAGE_MAX - 1);
    assert_int_equal(err.message[0], 'x');
}

static void test_status_names_are_distinct(void **state)
{
    (void)state;
    const cc_status all[] = {CC_OK,        CC_ERR_NOMEM,   CC_ERR_IO,
                             CC_ERR_PARSE, CC_ERR_INVALID, CC_ERR_NUMERIC,
                             CC_ERR_CANCELLED};
    const size_t n = sizeof all / sizeof all[0];
    for (size_t i = 0; i < n; i++) {
        const char *name = cc_status_name(all[i]);
        assert_non_null(name);
        assert_true(strlen(name) > 0);
        for (size_t j = 0; j < i; j++) {
            assert_string_not_equal(name, cc_status_name(all[j]));
        }
    }
    assert_string_equal(cc_status_name(CC_OK), "ok");
    assert_string_equal(cc_status_name(CC_ERR_IO), "I/O error");
    assert_non_null(cc_status_name((cc_status)99)); /* out of range still names something */
}

static void test_errlist_starts_empty_and_ok(void **state)
{
    (void)state;
    cc_errlist list;
    cc_errlist_init(&list);
    assert_int_equal(list.count, 0);
    assert_int_equal(list.status, CC_OK);
    cc_errlist_destroy(&list);
    cc_errlist_destroy(&list); /* destroy leaves an empty list, so twice is harmless */
    assert_int_equal(list.count, 0);
    assert_null(list.messages);
}

/* 1000 messages force many reallocations; each keeps its own text, and the
 * list's status stays the first non-OK status added. */
static void test_errlist_holds_many_messages_and_first_status(void **state)
{
    (void)state;
    cc_errlist list;
    cc_errlist_init(&list);
    cc_errlist_add(&list, CC_OK, "note: %s", "nothing wrong yet");
    assert_int_equal(list.status, CC_OK);
    for (int i = 0; i < 999; i++) {
        const cc_status status = i % 2 == 0 ? CC_ERR_INVALID : CC_ERR_PARSE;
        cc_errlist_add(&list, status, "scenario.cfg:%d: paths[%d].rate = %.4f", i + 1, i,
                       2.385 * i);
    }
    assert_int_equal(list.count, 1000);
    assert_true(list.capacity >= list.count);
    assert_int_equal(list.status, CC_ERR_INVALID);
    assert_string_equal(list.messages[0], "note: nothing wrong yet");
    assert_string_equal(list.messages[1], "scenario.cfg:1: paths[0].rate = 0.0000");
    assert_string_equal(list.messages[2], "scenario.cfg:2: paths[1].rate = 2.3850");
    assert_string_equal(list.messages[999], "scenario.cfg:999: paths[998].rate = 2380.2300");

    char expected[64];
    for (int i = 0; i < 999; i++) {
        const int length = snprintf(expected, sizeof expected,
                                    "scenario.cfg:%d: paths[%d].rate = %.4f", i + 1, i, 2.385 * i);
        assert_true(length > 0 && length < (int)sizeof expected);
        assert_string_equal(list.messages[i + 1], expected);
    }
    cc_errlist_destroy(&list);
    assert_int_equal(list.count, 0);
    assert_int_equal(list.status, CC_OK);
}

/* A message longer than cc_error's buffer is kept whole in a list. */
static void test_errlist_keeps_long_message_whole(void **state)
{
    (void)state;
    char long_text[3 * CC_ERROR_MESSAGE_MAX];
    memset(long_text, 'y', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    cc_errlist list;
    cc_errlist_init(&list);
    cc_errlist_add(&list, CC_ERR_NUMERIC, "%s", long_text);
    assert_int_equal(list.count, 1);
    assert_int_equal(list.status, CC_ERR_NUMERIC);
    assert_string_equal(list.messages[0], long_text);
    cc_errlist_destroy(&list);
}

static void test_version_matches_macro(void **state)
{
    (void)state;
    assert_string_equal(cc_version(), CC_VERSION_STRING);
    assert_string_equal(cc_version(), "0.1.0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_set_formats_and_returns_status),
        cmocka_unit_test(test_error_set_accepts_null),
        cmocka_unit_test(test_error_set_truncates_long_message),
        cmocka_unit_test(test_status_names_are_distinct),
        cmocka_unit_test(test_errlist_starts_empty_and_ok),
        cmocka_unit_test(test_errlist_holds_many_messages_and_first_status),
        cmocka_unit_test(test_errlist_keeps_long_message_whole),
        cmocka_unit_test(test_version_matches_macro),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
