/* Common includes for the cmocka unit tests (TAP output is chosen by
 * CMOCKA_MESSAGE_OUTPUT in the test environment). */
#ifndef STET_UNIT_H
#define STET_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#endif
