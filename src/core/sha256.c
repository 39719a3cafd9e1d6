/* The SHA-256 of a whole file, read in chunks; the hash is nettle's. */
#include "carecast/hash.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <nettle/sha2.h>

#define CC_SHA256_READ_CHUNK 65536 /* bytes per fread in cc_sha256_file */

cc_status cc_sha256_file(const char *path, char hex[65], cc_error *err)
{
    /* On the stack, not the heap, so the only failure mode is I/O. */
    unsigned char buffer[CC_SHA256_READ_CHUNK];

    hex[0] = '\0';
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        return cc_error_set(err, CC_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
    }

    struct sha256_ctx ctx;
    sha256_init(&ctx);
    size_t got;
    do {
        got = fread(buffer, 1, sizeof buffer, file);
        sha256_update(&ctx, got, buffer);
    } while (got == sizeof buffer);

    if (ferror(file)) {
        /* Report the read error; fclose could overwrite errno and its own
         * result adds nothing, as the call is failing already. */
        const int read_errno = errno;
        (void)fclose(file);
        return cc_error_set(err, CC_ERR_IO, "%s: cannot read: %s", path, strerror(read_errno));
    }
    if (fclose(file) != 0) {
        return cc_error_set(err, CC_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
    }

    static const char hex_digits[] = "0123456789abcdef";
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++) {
        hex[2 * i] = hex_digits[digest[i] >> 4];
        hex[2 * i + 1] = hex_digits[digest[i] & 0x0f];
    }
    hex[64] = '\0';
    return CC_OK;
}
