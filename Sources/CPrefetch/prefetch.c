// The prefetch hint is inline, in include/cprefetch.h; a C target needs one source file.
#include "cprefetch.h"
