/* server.c - libmicrohttpd glue: workers, limits, responses, access log,
 * shutdown (http/server.h). */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/date.h"
#include "core/i18n.h"
#include "audit/audit.h"
#include "core/log.h"
#include "http/api.h"
#include "http/static.h"
#include "registry/household.h"
#include "store/db.h"

#define OUT_MAX (256u << 20)	/* largest response body */
#define ARENA_CAP (64u << 20)	/* request arena */
#define LOG_FLUSH (32u << 10)	/* access log bytes that start a write */
#define LOG_MAX (1u << 20)	/* access log buffer, hard cap */
#define LOG_LINE 640		/* one line: fits every field's bound */

struct server {
	struct http_opts o;
	struct MHD_Daemon *d;
	FILE *log;
	pthread_mutex_t log_lock;
	struct lk_buf logbuf;	/* lines not written yet (log_lock) */
	pthread_key_t key;
	struct lk_audit_queue *audit_q; /* the reads' audit records */
	atomic_int inflight;	/* requests between first call and end */
	atomic_int nconn;	/* open connections */
};

/* A worker thread's ledger connection and context. */
struct worker {
	struct db *db;
	struct lk_ctx ctx;
	int open_rc;
	struct lk_err open_err;
};

/* One request's state (MHD's connection context). */
struct req_state {
	struct timespec t0;
	struct lk_buf body;
	size_t limit;
	int early;		 /* an error status decided before the end */
	int status;
	size_t bytes;
	char user[LK_ACCOUNT_NAME_MAX];
	char method[16];
	char path[256];
	char addr[64];
};


static void worker_free(void *p)
{
	struct worker *w = p;

	if (!w)
		return;
	lk_registry_release(&w->ctx);
	lk_session_cache_free(w->ctx.sessions);
	db_close(w->db);
	free(w);
}

static struct worker *worker_get(struct server *s)
{
	struct worker *w = pthread_getspecific(s->key);

	if (w)
		return w;
	if (!(w = calloc(1, sizeof *w)))
		return NULL;
	w->open_rc = db_open(s->o.db_path, DB_SMALL, &w->db, &w->open_err);
	w->ctx.sessions = lk_session_cache_new(); /* NULL: no cache */
	w->ctx.audit_q = s->audit_q;
	if (pthread_setspecific(s->key, w) != 0) {
		worker_free(w);
		return NULL;
	}
	return w;
}

/* ---- helpers ---------------------------------------------------------- */

static int64_t usec_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)(t.tv_sec - t0->tv_sec) * 1000000 +
	       (t.tv_nsec - t0->tv_nsec) / 1000;
}

static const char *conn_header(void *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

static void client_addr(struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, n, "-");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
			  out, (socklen_t)n);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
			  (socklen_t)n);
}

/* The policy of documents lika writes (reports as HTML): their own
 * inline styles, no scripts, nothing fetched; framed by the UI only. */
#define DOCUMENT_CSP                                                         \
	"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "     \
	"frame-ancestors 'self'"

static void add_common_headers(struct MHD_Response *resp, int api)
{
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Content-Security-Policy",
				api == 2 ? DOCUMENT_CSP
					 : "default-src 'self'; "
					   "frame-ancestors 'none'");
	if (api != 2)
		MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	if (api)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
}

/* Queues body (copied) with status and the common headers. */
static enum MHD_Result queue_buf(struct MHD_Connection *c,
				 struct req_state *rs, int status,
				 const char *type, const char *body,
				 size_t len, const struct http_req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char n[32];

	resp = MHD_create_response_from_buffer(len, (void *)body,
					       MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	add_common_headers(resp, r && r->document ? 2 : 1);
	MHD_add_response_header(resp, "Content-Type",
				type ? type : "application/json");
	if (r && r->set_cookie[0])
		MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
	if (r && r->retry_after) {
		snprintf(n, sizeof n, "%d", r->retry_after);
		MHD_add_response_header(resp, "Retry-After", n);
	}
	if (r && r->allow[0] && status == 405)
		MHD_add_response_header(resp, "Allow", r->allow);
	if (r && r->disposition[0] && status == 200)
		MHD_add_response_header(resp, "Content-Disposition",
					r->disposition);
	if (status == 413 || status == 408 || status == 431)
		MHD_add_response_header(resp, "Connection", "close");
	rs->status = status;
	rs->bytes = len;
	ret = MHD_queue_response(c, (unsigned)status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* An error body for a limit (no router involved). */
static enum MHD_Result queue_limit(struct MHD_Connection *c,
				   struct req_state *rs, int status,
				   int retry_after)
{
	struct lk_buf b = LK_BUF_INIT(4096);
	struct lk_ctx ctx;
	struct http_req r;
	const char *msg;
	int rc;
	enum MHD_Result ret;

	memset(&ctx, 0, sizeof ctx);
	memset(&r, 0, sizeof r);
	r.ctx = &ctx;
	r.out = &b;
	r.retry_after = retry_after;
	switch (status) {
	case 413:
		rc = LK_ETOOBIG;
		msg = _("the request body is larger than %zu bytes");
		break;
	case 431:
		rc = LK_ETOOBIG;
		msg = _("the request headers are larger than %zu bytes");
		break;
	case 408:
		rc = LK_EBUSY;
		msg = _("the request took longer than %zu seconds");
		break;
	default:
		rc = LK_EBUSY;
		msg = _("the server is busy (%zu connections): try again "
			"later");
		break;
	}
	lk_err_set(&ctx.err, rc, msg, rs->limit);
	http_error(&r, rc, status);
	ret = queue_buf(c, rs, status, NULL, lk_buf_str(&b), b.len, &r);
	lk_buf_free(&b);
	return ret;
}

/* ---- the API -------------------------------------------------------- */

/* Collects a query argument into r->query (one past the maximum marks
 * "too many": the router answers 400). */
static enum MHD_Result take_arg(void *cls, enum MHD_ValueKind kind,
				const char *key, const char *value)
{
	struct http_req *r = cls;

	(void)kind;
	if (r->nquery >= HTTP_MAX_QUERY) {
		r->nquery = HTTP_MAX_QUERY + 1;
		return MHD_NO;
	}
	r->query[r->nquery].key = lk_arena_strdup(r->arena, key);
	r->query[r->nquery].value = lk_arena_strdup(r->arena,
						    value ? value : "");
	if (!r->query[r->nquery].key || !r->query[r->nquery].value)
		return MHD_NO;
	r->nquery++;
	return MHD_YES;
}

static enum MHD_Result serve_api(struct server *s, struct MHD_Connection *c,
				 struct req_state *rs, const char *url,
				 const char *method)
{
	struct lk_arena arena = LK_ARENA_INIT(ARENA_CAP);
	struct lk_buf out = LK_BUF_INIT(OUT_MAX);
	struct worker *w = worker_get(s);
	struct http_req r;
	const char *xfp;
	char *path = NULL;
	enum MHD_Result ret;

	memset(&r, 0, sizeof r);
	if (!w) {
		rs->limit = 0;
		return queue_limit(c, rs, 503, 5);
	}
	w->ctx.db = w->db;
	w->ctx.user = "-";
	w->ctx.scope = ""; /* narrowed by the account; public routes read
			      nothing scoped */
	w->ctx.cadre = 0;
	w->ctx.mask = 0;
	w->ctx.audit_reads = 1;
	w->ctx.lock_hint = 0;
	r.ctx = &w->ctx;
	r.arena = &arena;
	r.out = &out;
	r.method = method;
	r.header = conn_header;
	r.conn = c;
	r.address = rs->addr;
	r.body = rs->body.ptr;
	r.body_len = rs->body.len;
	/* (this server speaks plain HTTP: TLS ends at a proxy) */
	xfp = conn_header(c, "X-Forwarded-Proto");
	r.secure = xfp && strcasecmp(xfp, "https") == 0;
	/* MHD hands the path decoded and the query as decoded arguments */
	path = lk_arena_strdup(&arena, url);
	r.path = path ? path : "/";
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, take_arg, &r);
	if (w->open_rc) {
		lk_err_set(&w->ctx.err, w->open_rc, "%s",
			   lk_err_msg(&w->open_err));
		http_error(&r, w->open_rc, 0);
	} else {
		http_dispatch(&r, http_routes, http_nroutes);
	}
	if (r.account)
		snprintf(rs->user, sizeof rs->user, "%s", r.account->name);
	ret = queue_buf(c, rs, r.status ? r.status : 200, r.content_type,
			lk_buf_str(&out), out.len, &r);
	json_decref(r.json);
	/* the body may hold a password */
	if (rs->body.ptr)
		sodium_memzero(rs->body.ptr, rs->body.len);
	lk_registry_forget(&w->ctx);
	lk_arena_free(&arena);
	lk_buf_free(&out);
	return ret;
}

/* ---- static files ------------------------------------------------- */

static enum MHD_Result serve_static(struct server *s,
				    struct MHD_Connection *c,
				    struct req_state *rs, const char *url,
				    const char *method)
{
	struct MHD_Response *resp;
	struct http_file f;
	enum MHD_Result ret;

	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		struct lk_buf b = LK_BUF_INIT(4096);
		struct lk_ctx ctx;
		struct http_req r;
		memset(&ctx, 0, sizeof ctx);
		memset(&r, 0, sizeof r);
		r.ctx = &ctx;
		r.out = &b;
		snprintf(r.allow, sizeof r.allow, "GET, HEAD");
		lk_err_set(&ctx.err, LK_EUSAGE,
			   _("method %s is not allowed here (allowed: %s)"),
			   method, r.allow);
		http_error(&r, LK_EUSAGE, 405);
		ret = queue_buf(c, rs, 405, NULL, lk_buf_str(&b), b.len, &r);
		lk_buf_free(&b);
		return ret;
	}
	http_static_open(s->o.static_dir, s->o.vendor_dir, url,
			 conn_header(c, "If-None-Match"), &f);
	if (f.status == 404) {
		struct lk_buf b = LK_BUF_INIT(4096);
		struct lk_ctx ctx;
		struct http_req r;
		memset(&ctx, 0, sizeof ctx);
		memset(&r, 0, sizeof r);
		r.ctx = &ctx;
		r.out = &b;
		lk_err_set(&ctx.err, LK_ENOTFOUND, _("no file %s"), url);
		http_error(&r, LK_ENOTFOUND, 404);
		ret = queue_buf(c, rs, 404, NULL, lk_buf_str(&b), b.len, &r);
		lk_buf_free(&b);
		return ret;
	}
	if (f.status == 304)
		resp = MHD_create_response_from_buffer(0, (void *)"",
						       MHD_RESPMEM_PERSISTENT);
	else
		resp = MHD_create_response_from_fd64((uint64_t)f.size, f.fd);
	if (!resp) {
		if (f.fd >= 0)
			close(f.fd);
		return MHD_NO;
	}
	add_common_headers(resp, 0);
	MHD_add_response_header(resp, "ETag", f.etag);
	MHD_add_response_header(resp, "Last-Modified", f.last_modified);
	MHD_add_response_header(resp, "Cache-Control", "no-cache");
	if (f.status == 200)
		MHD_add_response_header(resp, "Content-Type", f.type);
	rs->status = f.status;
	rs->bytes = f.status == 200 ? (size_t)f.size : 0;
	ret = MHD_queue_response(c, (unsigned)f.status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* ---- MHD callbacks ------------------------------------------------- */

static enum MHD_Result sum_header(void *cls, enum MHD_ValueKind kind,
				  const char *key, const char *value)
{
	size_t *n = cls;

	(void)kind;
	*n += strlen(key) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version,
				  const char *upload_data,
				  size_t *upload_size, void **con_cls)
{
	struct server *s = cls;
	struct req_state *rs = *con_cls;

	(void)version;
	if (!rs) {
		const char *cl, *ct;
		size_t hsize = 0;
		unsigned long long declared = 0;

		if (!(rs = calloc(1, sizeof *rs)))
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &rs->t0);
		atomic_fetch_add(&s->inflight, 1);
		*con_cls = rs;
		snprintf(rs->method, sizeof rs->method, "%s", method);
		snprintf(rs->path, sizeof rs->path, "%s", url);
		client_addr(c, rs->addr, sizeof rs->addr);
		ct = conn_header(c, "Content-Type");
		rs->limit = ct && strncasecmp(ct, "multipart/form-data", 19) == 0
				    ? s->o.max_upload
				    : s->o.max_body;
		lk_buf_init(&rs->body, rs->limit);
		MHD_get_connection_values(c, MHD_HEADER_KIND, sum_header,
					  &hsize);
		if (hsize > s->o.max_header) {
			rs->limit = s->o.max_header;
			return queue_limit(c, rs, 431, 0);
		}
		if ((cl = conn_header(c, "Content-Length")))
			declared = strtoull(cl, NULL, 10);
		if (declared > 4 * (unsigned long long)rs->limit)
			return queue_limit(c, rs, 413, 0);
		if (declared > rs->limit)
			rs->early = 413;
		if (atomic_load(&s->nconn) > (int)s->o.max_conn)
			rs->early = 503;
		return MHD_YES;
	}
	if (*upload_size) {
		/* (an answer queued before the body is read in full would
		 * be lost to the client's TCP reset: the rest is read and
		 * dropped; a client that stops sending meets the idle
		 * timeout) */
		if (!rs->early &&
		    usec_since(&rs->t0) > (int64_t)s->o.timeout * 1000000)
			rs->early = 408;
		if (!rs->early &&
		    lk_buf_add(&rs->body, upload_data, *upload_size))
			rs->early = 413;
		*upload_size = 0;
		return MHD_YES;
	}
	switch (rs->early) {
	case 413: return queue_limit(c, rs, 413, 0);
	case 408:
		rs->limit = s->o.timeout;
		return queue_limit(c, rs, 408, 0);
	case 503:
		rs->limit = s->o.max_conn;
		return queue_limit(c, rs, 503, 5);
	}
	if (strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0)
		return serve_api(s, c, rs, url, method);
	return serve_static(s, c, rs, url, method);
}

/* Writes the buffered access log lines out; with log_lock held. */
static void log_flush_locked(struct server *s)
{
	if (!s->logbuf.len)
		return;
	if (fwrite(s->logbuf.ptr, 1, s->logbuf.len, s->log) !=
		    s->logbuf.len ||
	    fflush(s->log) != 0)
		lk_log(LK_LOG_ERROR, _("cannot write the access log: %s"),
		       strerror(errno));
	lk_buf_reset(&s->logbuf);
}

static void log_flush(struct server *s)
{
	pthread_mutex_lock(&s->log_lock);
	log_flush_locked(s);
	pthread_mutex_unlock(&s->log_lock);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct server *s = cls;
	struct req_state *rs = *con_cls;
	char now[LK_ISO_NOW_BUFSZ], line[LOG_LINE];
	int n;

	(void)c;
	if (!rs)
		return;
	lk_now_iso(now);
	n = snprintf(line, sizeof line, "%s %s %s %s %s %d %zu %lld%s\n", now,
		     rs->addr, rs->user[0] ? rs->user : "-", rs->method,
		     rs->path, rs->status, rs->bytes,
		     (long long)usec_since(&rs->t0),
		     toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? ""
								: " aborted");
	if (n > 0) {
		/* (buffered: written when LOG_FLUSH bytes are pending, every
		 * second by the main thread, and at shutdown) */
		pthread_mutex_lock(&s->log_lock);
		if (s->logbuf.len + (size_t)n >= LOG_FLUSH)
			log_flush_locked(s);
		lk_buf_add(&s->logbuf, line,
			   (size_t)n < sizeof line ? (size_t)n
						    : sizeof line - 1);
		pthread_mutex_unlock(&s->log_lock);
	}
	lk_buf_free(&rs->body);
	free(rs);
	*con_cls = NULL;
	atomic_fetch_sub(&s->inflight, 1);
}

static void on_connection(void *cls, struct MHD_Connection *c,
			  void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct server *s = cls;

	(void)c;
	(void)socket_context;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED)
		atomic_fetch_add(&s->nconn, 1);
	else
		atomic_fetch_sub(&s->nconn, 1);
}

/* ---- listen address ------------------------------------------------ */

static int parse_listen(const char *spec, struct sockaddr_storage *ss,
			socklen_t *len, struct lk_err *e)
{
	char host[256];
	const char *colon, *port;
	struct addrinfo hints, *ai = NULL;
	long p;
	char *end;

	if (spec[0] == '[') {
		const char *rb = strchr(spec, ']');
		if (!rb || rb[1] != ':' || (size_t)(rb - spec - 1) >= sizeof host)
			goto bad;
		memcpy(host, spec + 1, (size_t)(rb - spec - 1));
		host[rb - spec - 1] = '\0';
		port = rb + 2;
	} else {
		if (!(colon = strrchr(spec, ':')) ||
		    (size_t)(colon - spec) >= sizeof host)
			goto bad;
		memcpy(host, spec, (size_t)(colon - spec));
		host[colon - spec] = '\0';
		port = colon + 1;
	}
	errno = 0;
	p = strtol(port, &end, 10);
	if (!*port || *end || errno || p < 0 || p > 65535)
		goto bad;
	memset(&hints, 0, sizeof hints);
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host[0] ? host : NULL, port, &hints, &ai) != 0 || !ai)
		goto bad;
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
bad:
	return lk_err_set(e, LK_EINVAL,
			  _("--listen needs HOST:PORT (e.g. 127.0.0.1:8080), "
			    "not %s"),
			  spec);
}

/* ---- the daemon ------------------------------------------------------ */

int http_serve(const struct http_opts *o, struct lk_err *e)
{
	struct server s;
	struct sockaddr_storage ss;
	socklen_t sslen;
	struct db *probe = NULL;
	sigset_t sigs, old;
	const union MHD_DaemonInfo *di;
	char url[300], host[INET6_ADDRSTRLEN];
	unsigned threads;
	int rc, sig = 0, key = 0, lock = 0, masked = 0;
	long cores;
	MHD_socket lsock;
	int64_t waited = 0;

	memset(&s, 0, sizeof s);
	s.o = *o;
	lk_buf_init(&s.logbuf, LOG_MAX);
	if (!s.o.max_header)
		s.o.max_header = 16u << 10;
	if (!s.o.max_body)
		s.o.max_body = 1u << 20;
	if (!s.o.max_upload)
		s.o.max_upload = 64u << 20;
	if (!s.o.timeout)
		s.o.timeout = 30;
	if (!s.o.max_conn)
		s.o.max_conn = 512;
	if (!s.o.max_per_ip)
		s.o.max_per_ip = 64;
	cores = sysconf(_SC_NPROCESSORS_ONLN);
	threads = s.o.threads > 0 ? (unsigned)s.o.threads
				  : (unsigned)(cores > 0 ? cores : 1);
	if ((rc = parse_listen(s.o.listen, &ss, &sslen, e)))
		goto out;
	/* the ledger must exist and be migrated before workers open it */
	if ((rc = db_open(s.o.db_path, 0, &probe, e)))
		goto out;
	if ((rc = db_migrate(probe, e)))
		goto out;
	if ((rc = lk_audit_queue_new(s.o.db_path, &s.audit_q, e)))
		goto out;
	if (s.o.access_log) {
		if (!(s.log = fopen(s.o.access_log, "ae"))) {
			rc = lk_err_set(e, LK_EIO, _("cannot open %s: %s"),
					s.o.access_log, strerror(errno));
			goto out;
		}
	} else {
		s.log = stderr;
	}
	if (pthread_mutex_init(&s.log_lock, NULL) != 0) {
		rc = lk_err_set(e, LK_EINTERNAL, _("cannot create a mutex"));
		goto out;
	}
	lock = 1;
	if (pthread_key_create(&s.key, worker_free) != 0) {
		rc = lk_err_set(e, LK_EINTERNAL,
				_("cannot create a thread key"));
		goto out;
	}
	key = 1;
	/* the signals go to sigwait below, never to a worker */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, &old);
	masked = 1;
	s.d = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC |
			(ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
		0, NULL, NULL, on_request, &s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		(size_t)(2 * s.o.max_header + 16384),
		MHD_OPTION_CONNECTION_TIMEOUT, s.o.timeout,
		MHD_OPTION_CONNECTION_LIMIT, s.o.max_conn + 16,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, s.o.max_per_ip,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, &s,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, &s,
		MHD_OPTION_END);
	if (!s.d) {
		rc = lk_err_set(e, LK_EIO,
				_("cannot listen on %s (address in use or "
				  "not allowed?)"),
				s.o.listen);
		goto out;
	}
	di = MHD_get_daemon_info(s.d, MHD_DAEMON_INFO_BIND_PORT);
	if (ss.ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr,
			  host, sizeof host);
		snprintf(url, sizeof url, "http://[%s]:%u", host,
			 di ? di->port : 0);
	} else {
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr,
			  host, sizeof host);
		snprintf(url, sizeof url, "http://%s:%u", host,
			 di ? di->port : 0);
	}
	if (s.o.on_listen)
		s.o.on_listen(s.o.arg, url);
	/* (the access log is written out once a second meanwhile) */
	for (;;) {
		struct timespec second = {1, 0};
		sig = sigtimedwait(&sigs, NULL, &second);
		if (sig == SIGTERM || sig == SIGINT)
			break;
		log_flush(&s);
	}
	lk_log(LK_LOG_INFO, _("signal %d: finishing the requests in flight"),
	       sig);
	lsock = MHD_quiesce_daemon(s.d);
	if (lsock != MHD_INVALID_SOCKET)
		close(lsock);
	while (atomic_load(&s.inflight) > 0 &&
	       waited < (int64_t)s.o.timeout * 1000) {
		struct timespec ts = {0, 10 * 1000000};
		nanosleep(&ts, NULL);
		waited += 10;
	}
	MHD_stop_daemon(s.d);
	s.d = NULL;
	rc = 0;
out:
	if (s.d)
		MHD_stop_daemon(s.d);
	if (lock)
		log_flush(&s);
	/* (after the workers: every read they answered is in the queue) */
	lk_audit_queue_free(s.audit_q);
	if (masked)
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (key)
		pthread_key_delete(s.key);
	if (lock)
		pthread_mutex_destroy(&s.log_lock);
	lk_buf_free(&s.logbuf);
	if (s.log && s.log != stderr)
		fclose(s.log);
	db_close(probe);
	return rc;
}
