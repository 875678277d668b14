/*
 * server.h - lika's HTTP server (libmicrohttpd, epoll, internal thread
 * pool).
 *
 * Each worker thread opens its own connection to the ledger on its first
 * request and keeps it for its life (closed when the thread ends), with a
 * context (core/ctx.h) whose code lists stay loaded; every request gets a
 * fresh arena, an output buffer, the scope of its account and its
 * language.  `/api/...` goes to the router (http/api.h); anything else is
 * a static file of the web UI (http/static.h).
 *
 * Limits, each answered with a JSON error body:
 *  - request headers larger than max_header bytes: 431 (beyond the
 *    connection memory limit, 2 x max_header + 16 KiB, libmicrohttpd
 *    itself answers 431 with its own HTML body; the limit is no larger
 *    since libmicrohttpd zeroes that memory for every request);
 *  - a body larger than max_body (max_upload for multipart/form-data):
 *    413 (a body declared larger than 4 x the limit is answered before it
 *    is read and the connection closed; a smaller one is read and
 *    dropped);
 *  - a request not received completely within timeout seconds: 408
 *    when its body is in (the rest is read and dropped, since an answer
 *    sent before the body would be lost to the client's TCP reset); a
 *    connection idle for timeout seconds is closed;
 *  - more than max_conn open connections: 503 with Retry-After (from
 *    max_conn + 16 on, and beyond max_per_ip connections of one address,
 *    libmicrohttpd refuses the connection outright).
 *
 * Shutdown: SIGTERM or SIGINT stops accepting connections
 * (MHD_quiesce_daemon), lets the requests in flight finish (at most
 * timeout seconds), then stops the daemon, commits the audit records of
 * the reads still queued (audit/audit.h) and closes the databases.
 *
 * Audit of reads: the workers queue the record of each unmasked read in
 * one queue of the server (audit/audit.h), committed within
 * LK_AUDIT_DELAY_MS of the read, in batches.
 *
 * Access log: one line per request, "TIME ADDRESS USER METHOD PATH
 * STATUS BYTES MICROSECONDS" (TIME ISO 8601 in CST, USER "-" when not
 * signed in), to stderr or access_log.  Lines are buffered, not written
 * one by one: written out when 32 KiB are pending, every second, and at
 * shutdown (SIGTERM, SIGINT) after the last request.
 */
#ifndef LK_HTTP_SERVER_H
#define LK_HTTP_SERVER_H

#include <stddef.h>

#include "core/err.h"

struct http_opts {
	const char *db_path;
	const char *listen;	 /* "HOST:PORT", "[V6]:PORT"; port 0 = any */
	int threads;		 /* 0 = number of cores */
	const char *static_dir;	 /* web UI files */
	const char *vendor_dir;	 /* directory holding echarts.min.js */
	const char *access_log;	 /* file to append to; NULL = stderr */
	size_t max_header;	 /* bytes; 0 = 16 KiB */
	size_t max_body;	 /* bytes; 0 = 1 MiB */
	size_t max_upload;	 /* bytes; 0 = 64 MiB */
	unsigned timeout;	 /* seconds; 0 = 30 */
	unsigned max_conn;	 /* 0 = 512 */
	unsigned max_per_ip;	 /* 0 = 64 */
	/* called once listening, with the URL ("http://127.0.0.1:8080") */
	void (*on_listen)(void *arg, const char *url);
	void *arg;
};

/* Runs the server until SIGTERM or SIGINT.  0 after a clean shutdown;
 * LK_EIO (cannot listen), LK_EINVAL (bad listen address), LK_ENOTFOUND
 * (no ledger) with e set otherwise. */
int http_serve(const struct http_opts *o, struct lk_err *e);

#endif
