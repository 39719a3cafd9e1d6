/* SHA-256 (FIPS 180-4) of input files, so each run records its exact inputs.
 * The hash itself is Debian's nettle (see README, Dependencies). */
#ifndef CARECAST_HASH_H
#define CARECAST_HASH_H

#include "carecast/status.h"

/* Writes the lowercase hex digest of the file at path into hex (65 bytes with
 * the terminating NUL). Returns CC_OK, or CC_ERR_IO naming the file (hex is
 * then ""). */
cc_status cc_sha256_file(const char *path, char hex[65], cc_error *err);

#endif
