#ifndef GRADBOOK_CFUZZDRIVER_H
#define GRADBOOK_CFUZZDRIVER_H
// Runs libFuzzer's driver (libclang_rt.fuzzer, linked by -sanitize=fuzzer) with a fuzz
// target's test function and exits with its status. Each target's main calls this, so
// SwiftPM's executable targets need no -parse-as-library.
#include <stddef.h>
#include <stdint.h>
_Noreturn void gb_fuzz_main(int argc, char **argv, int (*test)(const uint8_t *data, size_t size));
#endif
