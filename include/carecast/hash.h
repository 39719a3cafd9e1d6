/* SHA-256 (FIPS 180-4), used to record the exact input files of a run. */
#ifndef CARECAST_HASH_H
#define CARECAST_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "carecast/status.h"

typedef struct cc_sha256 {
    uint32_t state[8];     /* running hash */
    uint64_t length_bytes; /* bytes hashed so far */
    uint8_t block[64];     /* pending input */
    size_t block_used;     /* bytes pending in block */
} cc_sha256;

void cc_sha256_init(cc_sha256 *ctx);
void cc_sha256_update(cc_sha256 *ctx, const void *data, size_t length);
void cc_sha256_final(cc_sha256 *ctx, uint8_t digest[32]);

/* Writes the lowercase hex digest of the file at path into hex (65 bytes with
 * the terminating NUL). Returns CC_OK or CC_ERR_IO. */
cc_status cc_sha256_file(const char *path, char hex[65], cc_error *err);

#endif
