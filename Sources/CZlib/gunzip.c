#include "CZlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int gb_gunzip(const uint8_t *input, size_t input_length, uint8_t **output, size_t *output_length,
              char *message, size_t message_length) {
    *output = NULL;
    *output_length = 0;
    if (input_length < 18 || input[0] != 0x1f || input[1] != 0x8b) {
        snprintf(message, message_length, "not a gzip file (it does not start with the gzip magic bytes 1f 8b)");
        return 1;
    }
    z_stream stream;
    memset(&stream, 0, sizeof(stream));
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
        snprintf(message, message_length, "zlib could not start: %s", stream.msg ? stream.msg : "unknown error");
        return 2;
    }
    // The gzip trailer stores the uncompressed size modulo 2^32: a good first guess.
    size_t capacity = (size_t)input[input_length - 4] | ((size_t)input[input_length - 3] << 8) |
                      ((size_t)input[input_length - 2] << 16) | ((size_t)input[input_length - 1] << 24);
    if (capacity < input_length) capacity = input_length * 4;
    capacity += 1024;
    uint8_t *buffer = malloc(capacity);
    if (!buffer) { inflateEnd(&stream); snprintf(message, message_length, "out of memory"); return 4; }
    stream.next_in = (Bytef *)input;
    stream.avail_in = (uInt)input_length;
    int status = Z_OK;
    size_t produced = 0;
    while (status != Z_STREAM_END) {
        if (produced == capacity) {
            size_t grown = capacity * 2;
            uint8_t *bigger = realloc(buffer, grown);
            if (!bigger) { free(buffer); inflateEnd(&stream); snprintf(message, message_length, "out of memory"); return 4; }
            buffer = bigger;
            capacity = grown;
        }
        stream.next_out = buffer + produced;
        stream.avail_out = (uInt)(capacity - produced);
        status = inflate(&stream, Z_NO_FLUSH);
        produced = capacity - stream.avail_out;
        if (status == Z_BUF_ERROR && stream.avail_in == 0) {
            free(buffer); inflateEnd(&stream);
            snprintf(message, message_length, "truncated: the compressed data ends after %zu bytes before the end of the stream (%zu bytes decompressed)", input_length, produced);
            return 3;
        }
        if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) {
            free(buffer); inflateEnd(&stream);
            snprintf(message, message_length, "corrupt compressed data: %s", stream.msg ? stream.msg : "inflate failed");
            return 2;
        }
    }
    inflateEnd(&stream);
    *output = buffer;
    *output_length = produced;
    return 0;
}
