#include "CFuzzDriver.h"
#include <stdlib.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test)(const uint8_t *data, size_t size));

void gb_fuzz_main(int argc, char **argv, int (*test)(const uint8_t *data, size_t size)) {
    exit(LLVMFuzzerRunDriver(&argc, &argv, test));
}
