/* SHA-256 as specified in FIPS 180-4, streaming over 64-byte blocks, plus a
 * helper that hashes a whole file so each run can record its exact inputs. */
#include "carecast/hash.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube
 * roots of the first 64 primes. */
static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* FIPS 180-4 §5.3.3: the first 32 bits of the fractional parts of the square
 * roots of the first 8 primes. */
static const uint32_t initial_state[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static const char hex_digits[] = "0123456789abcdef";

#define CC_SHA256_READ_CHUNK 65536 /* bytes per fread in cc_sha256_file */

static uint32_t rotr(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32U - n));
}

static uint32_t load_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static void store_be32(uint8_t *p, uint32_t x)
{
    p[0] = (uint8_t)(x >> 24);
    p[1] = (uint8_t)(x >> 16);
    p[2] = (uint8_t)(x >> 8);
    p[3] = (uint8_t)x;
}

/* FIPS 180-4 §6.2.2: one compression of a 64-byte block into state. */
static void compress(uint32_t state[8], const uint8_t block[64])
{
    uint32_t w[64];
    for (size_t t = 0; t < 16; t++) {
        w[t] = load_be32(block + 4 * t);
    }
    for (size_t t = 16; t < 64; t++) {
        const uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
        const uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }

    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (size_t t = 0; t < 64; t++) {
        const uint32_t sum1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        const uint32_t choose = (e & f) ^ (~e & g);
        const uint32_t t1 = h + sum1 + choose + round_constants[t] + w[t];
        const uint32_t sum0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        const uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
        const uint32_t t2 = sum0 + majority;
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}

void cc_sha256_init(cc_sha256 *ctx)
{
    memcpy(ctx->state, initial_state, sizeof ctx->state);
    ctx->length_bytes = 0;
    ctx->block_used = 0;
}

void cc_sha256_update(cc_sha256 *ctx, const void *data, size_t length)
{
    const uint8_t *p = data;
    ctx->length_bytes += (uint64_t)length;

    if (ctx->block_used > 0) {
        const size_t room = sizeof ctx->block - ctx->block_used;
        const size_t take = length < room ? length : room;
        memcpy(ctx->block + ctx->block_used, p, take);
        ctx->block_used += take;
        p += take;
        length -= take;
        if (ctx->block_used < sizeof ctx->block) {
            return;
        }
        compress(ctx->state, ctx->block);
        ctx->block_used = 0;
    }
    /* Whole blocks straight from the caller's buffer, without a copy. */
    while (length >= sizeof ctx->block) {
        compress(ctx->state, p);
        p += sizeof ctx->block;
        length -= sizeof ctx->block;
    }
    if (length > 0) {
        memcpy(ctx->block, p, length);
        ctx->block_used = length;
    }
}

void cc_sha256_final(cc_sha256 *ctx, uint8_t digest[32])
{
    /* FIPS 180-4 §5.1.1: append a 1 bit, zeros up to 56 mod 64 bytes, then the
     * message length in bits as a 64-bit big-endian integer. */
    const uint64_t length_bits = ctx->length_bytes * 8U;
    ctx->block[ctx->block_used++] = 0x80;
    if (ctx->block_used > 56) {
        memset(ctx->block + ctx->block_used, 0, sizeof ctx->block - ctx->block_used);
        compress(ctx->state, ctx->block);
        ctx->block_used = 0;
    }
    memset(ctx->block + ctx->block_used, 0, 56 - ctx->block_used);
    store_be32(ctx->block + 56, (uint32_t)(length_bits >> 32));
    store_be32(ctx->block + 60, (uint32_t)length_bits);
    compress(ctx->state, ctx->block);

    for (size_t i = 0; i < 8; i++) {
        store_be32(digest + 4 * i, ctx->state[i]);
    }
    /* Leave no trace of the input in the caller's context. */
    memset(ctx->block, 0, sizeof ctx->block);
    ctx->block_used = 0;
}

cc_status cc_sha256_file(const char *path, char hex[65], cc_error *err)
{
    /* On the stack, not the heap, so the only failure mode is I/O. */
    unsigned char buffer[CC_SHA256_READ_CHUNK];

    hex[0] = '\0';
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        return cc_error_set(err, CC_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
    }

    cc_sha256 ctx;
    cc_sha256_init(&ctx);
    size_t got;
    do {
        got = fread(buffer, 1, sizeof buffer, file);
        cc_sha256_update(&ctx, buffer, got);
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

    uint8_t digest[32];
    cc_sha256_final(&ctx, digest);
    for (size_t i = 0; i < 32; i++) {
        hex[2 * i] = hex_digits[digest[i] >> 4];
        hex[2 * i + 1] = hex_digits[digest[i] & 0x0f];
    }
    hex[64] = '\0';
    return CC_OK;
}
