#include "CZlib.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static int fail(z_stream *stream, uint8_t *buffer, int code, char *message, size_t message_length, const char *text) {
    free(buffer);
    inflateEnd(stream);
    snprintf(message, message_length, "%s", text);
    return code;
}

int gb_gunzip(const uint8_t *input, size_t input_length, size_t limit, int prefix,
              uint8_t **output, size_t *output_length, char *message, size_t message_length) {
    *output = NULL;
    *output_length = 0;
    if (input_length < 2 || input[0] != 0x1f || input[1] != 0x8b) {
        snprintf(message, message_length, "not a gzip file (it does not start with the gzip magic bytes 1f 8b)");
        return 1;
    }
    if (input_length < 18) {
        snprintf(message, message_length, "truncated: %zu bytes, a gzip file has at least 18 (header and trailer)", input_length);
        return 3;
    }
    z_stream stream;
    memset(&stream, 0, sizeof(stream));
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
        snprintf(message, message_length, "zlib could not start: %s", stream.msg ? stream.msg : "unknown error");
        return 2;
    }
    // The trailer's size (modulo 2^32) is a first guess for the buffer, never more than the limit.
    size_t guess = (size_t)input[input_length - 4] | ((size_t)input[input_length - 3] << 8) |
                   ((size_t)input[input_length - 2] << 16) | ((size_t)input[input_length - 1] << 24);
    size_t capacity = guess < input_length ? input_length * 4 : guess;
    if (capacity > limit) capacity = limit;
    capacity += 1;  // one byte past the limit tells "exactly the limit" from "more"
    uint8_t *buffer = malloc(capacity);
    if (!buffer) return fail(&stream, NULL, 4, message, message_length, "out of memory");
    stream.next_in = (Bytef *)input;
    size_t consumed = 0;  // input handed to zlib so far
    size_t produced = 0;
    for (;;) {
        if (produced == capacity) {
            if (capacity > limit) break;  // the byte past the limit was written
            size_t grown = capacity * 2 > limit + 1 ? limit + 1 : capacity * 2;
            uint8_t *bigger = realloc(buffer, grown);
            if (!bigger) return fail(&stream, buffer, 4, message, message_length, "out of memory");
            buffer = bigger;
            capacity = grown;
        }
        if (stream.avail_in == 0 && consumed < input_length) {
            size_t chunk = input_length - consumed;
            stream.avail_in = chunk > UINT_MAX ? UINT_MAX : (uInt)chunk;
            consumed += stream.avail_in;
        }
        size_t room = capacity - produced;
        stream.next_out = buffer + produced;
        stream.avail_out = room > UINT_MAX ? UINT_MAX : (uInt)room;
        uInt before = stream.avail_out;
        int status = inflate(&stream, Z_NO_FLUSH);
        produced += before - stream.avail_out;
        if (status == Z_STREAM_END) {
            size_t left = stream.avail_in + (input_length - consumed);
            if (left == 0) break;
            const uint8_t *next = input + (input_length - left);
            if (left >= 2 && next[0] == 0x1f && next[1] == 0x8b) {  // another member follows
                inflateReset(&stream);
                continue;
            }
            char text[160];
            snprintf(text, sizeof text, "%zu bytes of trailing data after the end of the gzip stream (a damaged or concatenated file?)", left);
            return fail(&stream, buffer, 6, message, message_length, text);
        }
        if (status == Z_BUF_ERROR && stream.avail_in == 0 && consumed == input_length) {
            char text[200];
            snprintf(text, sizeof text, "truncated: the compressed data ends after %zu bytes before the end of the stream (%zu bytes decompressed)", input_length, produced);
            return fail(&stream, buffer, 3, message, message_length, text);
        }
        if (status != Z_OK && status != Z_BUF_ERROR) {
            char text[200];
            snprintf(text, sizeof text, "corrupt compressed data: %s", stream.msg ? stream.msg : "inflate failed");
            return fail(&stream, buffer, 2, message, message_length, text);
        }
    }
    if (produced > limit) {
        if (!prefix) {
            char text[160];
            snprintf(text, sizeof text, "decompresses to more than the %zu bytes expected", limit);
            return fail(&stream, buffer, 5, message, message_length, text);
        }
        produced = limit;
    }
    inflateEnd(&stream);
    *output = buffer;
    *output_length = produced;
    return 0;
}

int gb_deflate(const uint8_t *input, size_t input_length, uint8_t **output, size_t *output_length) {
    *output = NULL;
    *output_length = 0;
    uLongf capacity = compressBound((uLong)input_length);
    uint8_t *buffer = malloc(capacity > 0 ? capacity : 1);
    if (buffer == NULL) return 4;
    if (compress2(buffer, &capacity, input, (uLong)input_length, Z_BEST_COMPRESSION) != Z_OK) {
        free(buffer);
        return 2;
    }
    *output = buffer;
    *output_length = capacity;
    return 0;
}
