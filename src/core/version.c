/* The program version, recorded in every output a run writes. */
#include "carecast/version.h"

const char *cc_version(void)
{
    return CC_VERSION_STRING;
}
