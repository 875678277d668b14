/*
 * json.h - small helpers for writing JSON into a buffer.  (Parsing and
 * building trees use jansson; these are for the hot paths that stream
 * JSON text: audit images, --json listings.)
 */
#ifndef LK_JSON_H
#define LK_JSON_H

#include "core/buf.h"

/* Appends s as a JSON string literal (quoted, escaped; NULL -> null).
 * Input is UTF-8 and is copied through; control characters are escaped.
 * Fails like lk_buf_add. */
int lk_json_str(struct lk_buf *out, const char *s);

#endif
