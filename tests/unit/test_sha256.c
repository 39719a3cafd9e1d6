/* Tests for SHA-256: the FIPS 180-4 example vectors, padding boundaries,
 * chunking independence, and cc_sha256_file's success and I/O error paths. */
/* For mkstemp, fdopen and unlink; must precede every system header. */
// NOLINTNEXTLINE(bugprone-reserved-identifier,readability-identifier-naming)
#define _POSIX_C_SOURCE 200809L

#include "test_support.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "carecast/hash.h"

#define TEMP_PATH_MAX 1024 /* bytes for a temporary file path */

static void to_hex(const uint8_t digest[32], char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < 32; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 0x0f];
    }
    hex[64] = '\0';
}

/* Hashes data in one update call and returns the hex digest in hex. */
static void hash_hex(const void *data, size_t length, char hex[65])
{
    cc_sha256 ctx;
    uint8_t digest[32];
    cc_sha256_init(&ctx);
    cc_sha256_update(&ctx, data, length);
    cc_sha256_final(&ctx, digest);
    to_hex(digest, hex);
}

/* FIPS 180-2 Appendix B / NIST CSRC "SHA256.pdf" example values. */
static void test_sha256_fips_abc(void **state)
{
    (void)state;
    char hex[65];
    hash_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_sha256_fips_448_bits_two_blocks(void **state)
{
    (void)state;
    const char *msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    char hex[65];
    assert_int_equal(strlen(msg), 56); /* 448 bits: padding spills into a second block */
    hash_hex(msg, strlen(msg), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_sha256_fips_896_bits(void **state)
{
    (void)state;
    const char *msg = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                      "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    char hex[65];
    hash_hex(msg, strlen(msg), hex);
    assert_string_equal(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_sha256_empty_message(void **state)
{
    (void)state;
    char hex[65];
    hash_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* One million 'a', fed in odd-sized chunks (1, 3, 5, ... 127 bytes, then
 * repeating) so that blocks are completed from the pending buffer, from the
 * caller's buffer, and from both within one update. */
static void test_sha256_fips_million_a_odd_chunks(void **state)
{
    (void)state;
    char chunk[127];
    memset(chunk, 'a', sizeof chunk);
    cc_sha256 ctx;
    cc_sha256_init(&ctx);
    size_t remaining = 1000000;
    size_t step = 1;
    while (remaining > 0) {
        const size_t take = step < remaining ? step : remaining;
        cc_sha256_update(&ctx, chunk, take);
        remaining -= take;
        step = step >= 127 ? 1 : step + 2;
    }
    uint8_t digest[32];
    char hex[65];
    cc_sha256_final(&ctx, digest);
    to_hex(digest, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Lengths around the padding boundaries (55 fits the length field in the same
 * block, 56 does not). Expected values from coreutils sha256sum. */
static void test_sha256_padding_boundaries(void **state)
{
    (void)state;
    static const struct {
        size_t length;
        const char *hex;
    } cases[] = {
        {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
        {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
        {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
        {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
        {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
    };
    char msg[120];
    memset(msg, 'a', sizeof msg);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char hex[65];
        hash_hex(msg, cases[i].length, hex);
        assert_string_equal(hex, cases[i].hex);
    }
}

/* Every split of a 200-byte message into two updates gives the one-shot digest. */
static void test_sha256_split_point_does_not_matter(void **state)
{
    (void)state;
    uint8_t msg[200];
    for (size_t i = 0; i < sizeof msg; i++) {
        msg[i] = (uint8_t)(i * 37U + 11U);
    }
    char expected[65];
    hash_hex(msg, sizeof msg, expected);
    for (size_t split = 0; split <= sizeof msg; split++) {
        cc_sha256 ctx;
        uint8_t digest[32];
        char hex[65];
        cc_sha256_init(&ctx);
        cc_sha256_update(&ctx, msg, split);
        cc_sha256_update(&ctx, msg + split, sizeof msg - split);
        cc_sha256_final(&ctx, digest);
        to_hex(digest, hex);
        assert_string_equal(hex, expected);
    }
}

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

/* More than two 64 KiB read chunks, ending mid-chunk and mid-block. */
static void test_sha256_file_matches_memory_digest(void **state)
{
    (void)state;
    const size_t length = 2 * 65536 + 1001;
    uint8_t *data = malloc(length);
    assert_non_null(data);
    for (size_t i = 0; i < length; i++) {
        data[i] = (uint8_t)((i * 2654435761U) >> 13);
    }
    char path[TEMP_PATH_MAX];
    make_temp_file(data, length, path);

    char expected[65];
    char hex[65];
    cc_error err = {CC_OK, ""};
    hash_hex(data, length, expected);
    const cc_status status = cc_sha256_file(path, hex, &err);
    assert_int_equal(unlink(path), 0);
    free(data);
    assert_int_equal(status, CC_OK);
    assert_string_equal(hex, expected);
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
        cmocka_unit_test(test_sha256_fips_abc),
        cmocka_unit_test(test_sha256_fips_448_bits_two_blocks),
        cmocka_unit_test(test_sha256_fips_896_bits),
        cmocka_unit_test(test_sha256_empty_message),
        cmocka_unit_test(test_sha256_fips_million_a_odd_chunks),
        cmocka_unit_test(test_sha256_padding_boundaries),
        cmocka_unit_test(test_sha256_split_point_does_not_matter),
        cmocka_unit_test(test_sha256_file_matches_memory_digest),
        cmocka_unit_test(test_sha256_file_empty),
        cmocka_unit_test(test_sha256_file_missing_is_io_error),
        cmocka_unit_test(test_sha256_file_read_error_is_io_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
