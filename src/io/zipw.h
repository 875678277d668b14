/*
 * zipw.h - a streaming ZIP writer that deflates in a second thread.
 *
 * A zipw writes one ZIP archive (PKWARE APPNOTE 6.3) entry after entry,
 * never holding an entry whole.  The caller appends the bytes of the
 * open entry; they are gathered into chunks of ZIPW_CHUNK bytes that go
 * through a bounded queue to a compressor thread, which computes the
 * CRC-32, deflates (raw deflate, the zlib level given to zipw_open) and
 * writes the file.  Making the bytes and compressing them so overlap on
 * two cores, and the memory held is ZIPW_BUFS chunks, one output buffer
 * and zlib's state, whatever the size of the archive.
 *
 * The file is written under PATH.tmp and renamed to PATH by a successful
 * zipw_close(); a failed call, or zipw_abort(), removes it: nothing
 * half-written is ever left under either name.
 *
 * Format.  Each entry has a local header with general-purpose flags bit
 * 3 (CRC and sizes follow the data in a data descriptor) and bit 11
 * (UTF-8 name), method 8 (deflate) and the DOS time 1980-01-01 00:00,
 * so that the same entries give the same bytes.  The data descriptor
 * (with its signature) has 4-byte sizes, or 8-byte sizes for an entry of
 * 4 GiB or more (as Java and Go write them).  The central directory has
 * a ZIP64 extra field for the sizes and offsets that do not fit 32 bits,
 * and the end record is preceded by the ZIP64 end record and locator
 * when the entry count, the directory's size or its offset do not fit.
 *
 * Head.  An entry may start with a head of up to ZIPW_HEAD_MAX bytes
 * that is stored (deflate stored blocks, not compressed) so that
 * zipw_rehead() can overwrite it in the file with as many other bytes
 * until the entry ends: a sheet whose column widths are known only
 * after its rows.  The entry's CRC covers the final head.
 *
 * Errors: every function returns 0 or a negative LK_E* code with the
 * message in e (may be NULL): LK_EIO when the file cannot be created,
 * written or renamed (the message names the file and the system's
 * reason), LK_ENOMEM, LK_ETOOBIG (a name or head over its bound),
 * LK_EINTERNAL (the thread cannot start).  After an error the zipw only
 * accepts zipw_close() (which returns the error again and frees it) and
 * zipw_abort().  A write error of the thread is reported by the next
 * call of the caller's thread.
 *
 * Not thread-safe: one caller thread per zipw.
 */
#ifndef LK_ZIPW_H
#define LK_ZIPW_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define ZIPW_CHUNK (1u << 20) /* bytes handed to the thread at once */
#define ZIPW_BUFS 4	      /* chunks in flight (the queue's bound) */
#define ZIPW_HEAD_MAX 65535u  /* bytes of an entry's head */
#define ZIPW_NAME_MAX 1024u   /* bytes of an entry's name */

struct zipw;

/* Creates path.tmp and starts the compressor thread; level is zlib's
 * (0 stores, 1 fastest .. 9 smallest).  On failure *out is untouched
 * and nothing is left on disk. */
int zipw_open(const char *path, int level, struct zipw **out, struct lk_err *e);

/* Ends the open entry, if any, and starts entry name (UTF-8, at most
 * ZIPW_NAME_MAX bytes) with head (head_len <= ZIPW_HEAD_MAX bytes; may
 * be 0) as its first bytes. */
int zipw_begin(struct zipw *z, const char *name, const void *head,
	       size_t head_len, struct lk_err *e);

/* Appends n bytes to the open entry (LK_EINTERNAL when none is open).
 * The bytes are copied: p is the caller's again on return. */
int zipw_write(struct zipw *z, const void *p, size_t n, struct lk_err *e);

/* Replaces the open entry's head by head (as many bytes as given to
 * zipw_begin). */
int zipw_rehead(struct zipw *z, const void *head, struct lk_err *e);

/* Ends the open entry, writes the central directory, stops the thread,
 * closes and renames the file.  Frees z whatever the outcome (accepts
 * NULL: returns 0); on failure the file is removed. */
int zipw_close(struct zipw *z, struct lk_err *e);

/* Stops the thread, removes the file, frees z.  Accepts NULL.  Cannot
 * fail. */
void zipw_abort(struct zipw *z);

#endif
