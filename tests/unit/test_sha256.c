/* Tests for cc_sha256_file: the FIPS 180 example vectors hashed from files
 * (the hash is nettle's; these check that we feed it every byte of the file,
 * across read chunks), and the I/O error paths. */
/* For mkstemp, fdopen and unlink; must precede every system header. */
// NOLINTNEXTLINE(bugprone-reserved-identifier,readability-identifier-naming)
#define _POSIX_C_SOURCE 200809L

#include "test_support.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "carecast/hash.h"

#define TEMP_PATH_MAX 1024 /* bytes for a temporary file path */

/* $TMPDIR, or /tmp when it is unset. */
static const char *temp_dir(void)
{
    const char *dir = getenv("TMPDIR"); // NOLINT(concurrency-mt-unsafe): tests are single-threaded
    return dir != NULL && dir[0] != '\0' ? dir : "/tmp";
}

/* Creates a temporary file holding data[0..length) and writes its path. */
static void make_temp_file(const void *data, size_t length, char path[TEMP_PATH_MAX])
{
    const int n = snprintf(path, TEMP_PATH_MAX, "%s/cc_sha256_XXXXXX", temp_dir());
    assert_true(n > 0 && n < TEMP_PATH_MAX);
    const int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *file = fdopen(fd, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(data, 1, length, file), length);
    assert_int_equal(fclose(file), 0);
}

/* Hashes data[0..length) through a temporary file into hex. */
static void file_hex(const void *data, size_t length, char hex[65])
{
    char path[TEMP_PATH_MAX];
    make_temp_file(data, length, path);
    cc_error err = {CC_OK, ""};
    const cc_status status = cc_sha256_file(path, hex, &err);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(status, CC_OK);
}

/* FIPS 180-2 Appendix B / NIST CSRC "SHA256.pdf" example values. */
static void test_sha256_file_fips_vectors(void **state)
{
    (void)state;
    static const struct {
        const char *message, *hex;
    } cases[] = {
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        /* 448 bits: the padding spills into a second block. */
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
         "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char hex[65];
        file_hex(cases[i].message, strlen(cases[i].message), hex);
        assert_string_equal(hex, cases[i].hex);
    }
}

/* One million 'a' (FIPS 180-2 Appendix B.3): fifteen whole 64 KiB read
 * chunks and a part chunk, so every chunk must reach the hash. */
static void test_sha256_file_fips_million_a(void **state)
{
    (void)state;
    const size_t length = 1000000;
    char *data = malloc(length);
    assert_non_null(data);
    memset(data, 'a', length);
    char hex[65];
    file_hex(data, length, hex);
    free(data);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void test_sha256_file_empty(void **state)
{
    (void)state;
    char path[TEMP_PATH_MAX];
    make_temp_file("", 0, path);
    char hex[65];
    const cc_status status = cc_sha256_file(path, hex, NULL);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(status, CC_OK);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_sha256_file_missing_is_io_error(void **state)
{
    (void)state;
    char path[TEMP_PATH_MAX];
    make_temp_file("x", 1, path);
    assert_int_equal(unlink(path), 0); /* a path that surely does not exist */

    char hex[65] = "unchanged";
    cc_error err = {CC_OK, ""};
    assert_int_equal(cc_sha256_file(path, hex, &err), CC_ERR_IO);
    assert_int_equal(err.status, CC_ERR_IO);
    assert_non_null(strstr(err.message, path));
    assert_non_null(strstr(err.message, "cannot read"));
    assert_string_equal(hex, ""); /* no stale digest can be mistaken for a result */
    assert_int_equal(cc_sha256_file(path, hex, NULL), CC_ERR_IO); /* err may be NULL */
}

/* On Linux fopen(dir, "rb") succeeds and fread then fails with EISDIR, which
 * provokes the ferror path rather than the fopen one. */
static void test_sha256_file_read_error_is_io_error(void **state)
{
    (void)state;
    const char *path = temp_dir();
    char hex[65];
    cc_error err = {CC_OK, ""};
    assert_int_equal(cc_sha256_file(path, hex, &err), CC_ERR_IO);
    assert_non_null(strstr(err.message, path));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_file_fips_vectors),
        cmocka_unit_test(test_sha256_file_fips_million_a),
        cmocka_unit_test(test_sha256_file_empty),
        cmocka_unit_test(test_sha256_file_missing_is_io_error),
        cmocka_unit_test(test_sha256_file_read_error_is_io_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
