#ifndef GRADBOOK_CZLIB_H
#define GRADBOOK_CZLIB_H
// gzip decompression through zlib (inflateInit2 is a macro Swift cannot call).
// Datasets reads gzip; Rendering writes PNG's zlib streams.
#include <stddef.h>
#include <stdint.h>

/// Decompresses gzip data (one member or several concatenated, as gunzip accepts) into at
/// most `limit` bytes, so a small file that inflates to gigabytes is stopped at the size
/// its caller expects.
///
/// On success returns 0 and sets *output (malloc'ed; the caller frees it) and
/// *output_length. With `prefix` nonzero, stopping at `limit` is success (the first `limit`
/// bytes, for reading a header); without it, more than `limit` bytes is failure 5.
/// On failure returns a nonzero code and writes a message into `message`: 1 not gzip,
/// 2 corrupt data, 3 truncated, 4 out of memory, 5 larger than `limit`, 6 data after the
/// end of the gzip stream that is not another gzip member.
int gb_gunzip(const uint8_t *input, size_t input_length, size_t limit, int prefix,
              uint8_t **output, size_t *output_length, char *message, size_t message_length);

/// Compresses `input` into a zlib stream (RFC 1950, as PNG's IDAT holds), at the best
/// compression. Returns 0 and sets *output (malloc'ed; the caller frees it) and
/// *output_length, or nonzero (out of memory).
int gb_deflate(const uint8_t *input, size_t input_length, uint8_t **output, size_t *output_length);
#endif
