/* The carecast version. Keep CC_VERSION_STRING equal to the version in the
 * top-level CMakeLists.txt project() call. */
#ifndef CARECAST_VERSION_H
#define CARECAST_VERSION_H

#define CC_VERSION_STRING "0.1.0"

/* The version as "major.minor.patch"; a static string, never freed. */
const char *cc_version(void);

#endif
