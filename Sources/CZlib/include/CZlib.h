#ifndef GRADBOOK_CZLIB_H
#define GRADBOOK_CZLIB_H
// gzip decompression through zlib (inflateInit2 is a macro Swift cannot call).
// Only the Datasets target imports this module.
#include <stddef.h>
#include <stdint.h>

/// Decompresses a whole gzip stream. On success returns 0 and sets *output (malloc'ed; the
/// caller frees it) and *output_length. On failure returns a nonzero code and writes a
/// message into `message`: 1 not gzip, 2 corrupt data, 3 truncated, 4 out of memory.
int gb_gunzip(const uint8_t *input, size_t input_length, uint8_t **output, size_t *output_length,
              char *message, size_t message_length);
#endif
