/* A streaming ZIP writer that deflates in a second thread (zipw.h).
 *
 * The caller's thread fills chunks and queues messages; the compressor
 * thread owns the file offset, the zlib stream and the list of entries
 * for the central directory.  Both share only the queue, the free
 * chunks and the thread's error (under mu).  After an error the thread
 * goes on taking messages and dropping them, so the caller never waits
 * for ever; the caller learns of it at its next call. */
#include "io/zipw.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "core/i18n.h"

#define QCAP (2 * ZIPW_BUFS + 4)
#define OUTCAP (ZIPW_CHUNK + 4096)
#define MAX32 0xFFFFFFFFu /* a 32-bit field that says: see ZIP64 */
/* Sizes and offsets from this value on are written in ZIP64 fields; a
 * test lowers it to reach those paths without writing 4 GiB. */
#ifndef ZIPW_ZIP64_AT
#define ZIPW_ZIP64_AT MAX32
#endif
#define DOS_DATE 0x0021 /* 1980-01-01 */
#define FLAGS 0x0808	/* data descriptor, UTF-8 name */

enum { M_BEGIN, M_DATA, M_REHEAD, M_END, M_STOP, M_QUIT };

struct msg {
	int kind;
	int buf; /* chunk index, -1 none */
	size_t len;
	char *name; /* M_BEGIN: the thread takes it */
};

struct ent {
	char *name;
	uint64_t off, csize, usize;
	uint32_t crc;
};

struct zipw {
	/* the caller's thread */
	char *path, *tmp;
	int fd, level;
	pthread_t th;
	int started, stopped; /* the thread runs; it was told to stop */
	int open;	      /* an entry is open */
	int cur;	      /* chunk being filled, -1 none */
	size_t cur_len, head_len;
	int rc; /* sticky error of the caller's side */
	/* shared, under mu */
	pthread_mutex_t mu;
	pthread_cond_t work, room;
	char *buf[ZIPW_BUFS];
	int free_[ZIPW_BUFS];
	int nfree;
	struct msg q[QCAP];
	size_t qhead, qn;
	int err; /* errno of the thread's failure, 0 */
	/* the compressor thread */
	z_stream zs;
	unsigned char *out;
	size_t outn;
	uint64_t pos; /* bytes written to the file (and in out) */
	struct ent *ent;
	size_t nent, capent;
	unsigned char head[ZIPW_HEAD_MAX];
	size_t hlen;
	uint64_t head_off; /* file offset of the head's bytes */
	uint64_t data_off; /* file offset of the entry's data */
	uint32_t crc;	   /* of the bytes after the head */
	uint64_t rest;	   /* their length */
};

/* ---- the compressor thread ------------------------------------------ */

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xFFFF);
	put16(p + 2, v >> 16);
}

static void put64(unsigned char *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? errno : EIO;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int flush_out(struct zipw *z)
{
	int err = write_all(z->fd, z->out, z->outn);

	z->outn = 0;
	return err;
}

/* Appends bytes to the file (through out); an errno value or 0. */
static int emit(struct zipw *z, const void *p, size_t n)
{
	const unsigned char *s = p;
	int err;

	while (n) {
		size_t k = OUTCAP - z->outn < n ? OUTCAP - z->outn : n;
		memcpy(z->out + z->outn, s, k);
		z->outn += k;
		z->pos += k;
		s += k;
		n -= k;
		if (z->outn == OUTCAP && (err = flush_out(z)))
			return err;
	}
	return 0;
}

/* Runs deflate over n bytes (flush: Z_NO_FLUSH or Z_FINISH). */
static int deflate_some(struct zipw *z, const unsigned char *p, size_t n,
			int flush)
{
	int zr, err;

	z->zs.next_in = (unsigned char *)p;
	z->zs.avail_in = (uInt)n;
	do {
		size_t before = z->outn;
		z->zs.next_out = z->out + z->outn;
		z->zs.avail_out = (uInt)(OUTCAP - z->outn);
		zr = deflate(&z->zs, flush);
		if (zr == Z_STREAM_ERROR)
			return EIO;
		z->outn = OUTCAP - z->zs.avail_out;
		z->pos += z->outn - before;
		if (z->outn == OUTCAP && (err = flush_out(z)))
			return err;
	} while (z->zs.avail_in || (flush == Z_FINISH && zr != Z_STREAM_END));
	return 0;
}

static int t_begin(struct zipw *z, char *name, const unsigned char *head,
		   size_t hlen)
{
	unsigned char h[30];
	size_t nlen = strlen(name);
	int err;

	if (z->nent == z->capent) {
		size_t cap = z->capent ? 2 * z->capent : 32;
		struct ent *n = realloc(z->ent, cap * sizeof *n);
		if (!n) {
			free(name);
			return ENOMEM;
		}
		z->ent = n;
		z->capent = cap;
	}
	memset(&z->ent[z->nent], 0, sizeof z->ent[0]);
	z->ent[z->nent].name = name;
	z->ent[z->nent].off = z->pos;
	z->nent++;
	put32(h, 0x04034b50);
	put16(h + 4, 20);
	put16(h + 6, FLAGS);
	put16(h + 8, 8);
	put16(h + 10, 0);
	put16(h + 12, DOS_DATE);
	memset(h + 14, 0, 12); /* CRC and sizes: in the descriptor */
	put16(h + 26, (unsigned)nlen);
	put16(h + 28, 0);
	if ((err = emit(z, h, sizeof h)) || (err = emit(z, name, nlen)))
		return err;
	z->data_off = z->pos;
	z->hlen = hlen;
	if (hlen) {
		/* a stored block, not the last: BFINAL 0, BTYPE 00, padded
		 * to the byte; then LEN and NLEN */
		h[0] = 0;
		put16(h + 1, (unsigned)hlen);
		put16(h + 3, (unsigned)~hlen & 0xFFFF);
		if ((err = emit(z, h, 5)))
			return err;
		z->head_off = z->pos;
		memcpy(z->head, head, hlen);
		if ((err = emit(z, head, hlen)))
			return err;
	}
	/* the head must be in the file before zipw_rehead may rewrite it */
	if ((err = flush_out(z)))
		return err;
	z->crc = (uint32_t)crc32(0, NULL, 0);
	z->rest = 0;
	return deflateReset(&z->zs) == Z_OK ? 0 : EIO;
}

static int t_rehead(struct zipw *z, const unsigned char *head)
{
	size_t n = z->hlen;
	off_t at = (off_t)z->head_off;

	memcpy(z->head, head, n);
	while (n) {
		ssize_t w = pwrite(z->fd, head, n, at);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? errno : EIO;
		head += w;
		at += w;
		n -= (size_t)w;
	}
	return 0;
}

static int t_end(struct zipw *z)
{
	struct ent *en = &z->ent[z->nent - 1];
	unsigned char d[24];
	int err;

	if ((err = deflate_some(z, NULL, 0, Z_FINISH)))
		return err;
	en->crc = (uint32_t)crc32_combine(crc32(0, z->head, (uInt)z->hlen),
					  z->crc, (z_off_t)z->rest);
	en->usize = z->hlen + z->rest;
	en->csize = z->pos - z->data_off;
	put32(d, 0x08074b50);
	put32(d + 4, en->crc);
	if (en->usize < ZIPW_ZIP64_AT && en->csize < ZIPW_ZIP64_AT) {
		put32(d + 8, (uint32_t)en->csize);
		put32(d + 12, (uint32_t)en->usize);
		return emit(z, d, 16);
	}
	put64(d + 8, en->csize);
	put64(d + 16, en->usize);
	return emit(z, d, 24);
}

static int t_directory(struct zipw *z)
{
	unsigned char h[56], x[28];
	uint64_t start = z->pos, size;
	size_t i, nx;
	int err, z64;

	for (i = 0; i < z->nent; i++) {
		const struct ent *en = &z->ent[i];
		size_t nlen = strlen(en->name);
		nx = 4;
		if (en->usize >= ZIPW_ZIP64_AT)
			put64(x + (nx += 8) - 8, en->usize);
		if (en->csize >= ZIPW_ZIP64_AT)
			put64(x + (nx += 8) - 8, en->csize);
		if (en->off >= ZIPW_ZIP64_AT)
			put64(x + (nx += 8) - 8, en->off);
		if (nx == 4)
			nx = 0;
		put16(x, 0x0001);
		put16(x + 2, (unsigned)(nx ? nx - 4 : 0));
		put32(h, 0x02014b50);
		put16(h + 4, 0x0300 | (nx ? 45 : 20)); /* made by: Unix */
		put16(h + 6, nx ? 45 : 20);
		put16(h + 8, FLAGS);
		put16(h + 10, 8);
		put16(h + 12, 0);
		put16(h + 14, DOS_DATE);
		put32(h + 16, en->crc);
		put32(h + 20,
		      en->csize >= ZIPW_ZIP64_AT ? MAX32 : (uint32_t)en->csize);
		put32(h + 24,
		      en->usize >= ZIPW_ZIP64_AT ? MAX32 : (uint32_t)en->usize);
		put16(h + 28, (unsigned)nlen);
		put16(h + 30, (unsigned)nx);
		put16(h + 32, 0); /* comment */
		put16(h + 34, 0); /* disk */
		put16(h + 36, 0); /* internal attributes */
		put32(h + 38, (uint32_t)0100644 << 16);
		put32(h + 42,
		      en->off >= ZIPW_ZIP64_AT ? MAX32 : (uint32_t)en->off);
		if ((err = emit(z, h, 46)) || (err = emit(z, en->name, nlen)) ||
		    (nx && (err = emit(z, x, nx))))
			return err;
	}
	size = z->pos - start;
	z64 = z->nent >= 0xFFFF || size >= ZIPW_ZIP64_AT ||
	      start >= ZIPW_ZIP64_AT;
	if (z64) {
		uint64_t at = z->pos;
		put32(h, 0x06064b50);
		put64(h + 4, 44);
		put16(h + 12, 0x032D);
		put16(h + 14, 45);
		put32(h + 16, 0);
		put32(h + 20, 0);
		put64(h + 24, z->nent);
		put64(h + 32, z->nent);
		put64(h + 40, size);
		put64(h + 48, start);
		if ((err = emit(z, h, 56)))
			return err;
		put32(h, 0x07064b50);
		put32(h + 4, 0);
		put64(h + 8, at);
		put32(h + 16, 1);
		if ((err = emit(z, h, 20)))
			return err;
	}
	put32(h, 0x06054b50);
	put16(h + 4, 0);
	put16(h + 6, 0);
	put16(h + 8, z->nent >= 0xFFFF ? 0xFFFF : (unsigned)z->nent);
	put16(h + 10, z->nent >= 0xFFFF ? 0xFFFF : (unsigned)z->nent);
	put32(h + 12, size >= ZIPW_ZIP64_AT ? MAX32 : (uint32_t)size);
	put32(h + 16, start >= ZIPW_ZIP64_AT ? MAX32 : (uint32_t)start);
	put16(h + 20, 0);
	if ((err = emit(z, h, 22)))
		return err;
	return flush_out(z);
}

static int t_handle(struct zipw *z, struct msg *m)
{
	const unsigned char *p =
	    m->buf >= 0 ? (const unsigned char *)z->buf[m->buf] : NULL;
	char *name;

	switch (m->kind) {
	case M_BEGIN:
		name = m->name;
		m->name = NULL;
		return t_begin(z, name, p, m->len);
	case M_DATA:
		z->crc = (uint32_t)crc32(z->crc, p, (uInt)m->len);
		z->rest += m->len;
		return deflate_some(z, p, m->len, Z_NO_FLUSH);
	case M_REHEAD: return t_rehead(z, p);
	case M_END: return t_end(z);
	case M_STOP: return t_directory(z);
	default: return 0;
	}
}

static void *t_main(void *arg)
{
	struct zipw *z = arg;
	struct msg m;
	int err, failed, done = 0;

	while (!done) {
		pthread_mutex_lock(&z->mu);
		while (!z->qn)
			pthread_cond_wait(&z->work, &z->mu);
		m = z->q[z->qhead];
		z->qhead = (z->qhead + 1) % QCAP;
		z->qn--;
		failed = z->err != 0;
		pthread_mutex_unlock(&z->mu);
		done = m.kind == M_STOP || m.kind == M_QUIT;
		err = failed || m.kind == M_QUIT ? 0 : t_handle(z, &m);
		free(m.name);
		pthread_mutex_lock(&z->mu);
		if (m.buf >= 0)
			z->free_[z->nfree++] = m.buf;
		if (err && !z->err)
			z->err = err;
		pthread_cond_signal(&z->room);
		pthread_mutex_unlock(&z->mu);
	}
	return NULL;
}

/* ---- the caller's thread -------------------------------------------- */

static int fail_io(struct zipw *z, int err, struct lk_err *e)
{
	if (err == ENOMEM)
		z->rc = lk_err_set(e, LK_ENOMEM, _("out of memory"));
	else
		z->rc = lk_err_set(e, LK_EIO, _("cannot write %s: %s"), z->tmp,
				   strerror(err));
	return z->rc;
}

/* Takes a free chunk (waits for one); -1 when the thread failed. */
static int take_buf(struct zipw *z, int *err)
{
	int b = -1;

	pthread_mutex_lock(&z->mu);
	while (!z->nfree && !z->err)
		pthread_cond_wait(&z->room, &z->mu);
	if (!z->err)
		b = z->free_[--z->nfree];
	*err = z->err;
	pthread_mutex_unlock(&z->mu);
	return b;
}

/* Queues m (waits for room); gives m's chunk and name to the thread,
 * even on failure. */
static int push(struct zipw *z, struct msg m, struct lk_err *e)
{
	int err;

	pthread_mutex_lock(&z->mu);
	while (z->qn == QCAP)
		pthread_cond_wait(&z->room, &z->mu);
	z->q[(z->qhead + z->qn) % QCAP] = m;
	z->qn++;
	err = z->err;
	if (m.kind == M_STOP || m.kind == M_QUIT)
		z->stopped = 1;
	pthread_cond_signal(&z->work);
	pthread_mutex_unlock(&z->mu);
	return err ? fail_io(z, err, e) : 0;
}

/* Queues the chunk being filled, if any. */
static int push_cur(struct zipw *z, struct lk_err *e)
{
	struct msg m = {M_DATA, z->cur, z->cur_len, NULL};

	if (z->cur < 0)
		return 0;
	z->cur = -1;
	z->cur_len = 0;
	return push(z, m, e);
}

static int end_entry(struct zipw *z, struct lk_err *e)
{
	struct msg m = {M_END, -1, 0, NULL};
	int rc;

	if (!z->open)
		return 0;
	z->open = 0;
	if ((rc = push_cur(z, e)))
		return rc;
	return push(z, m, e);
}

static void zipw_free(struct zipw *z)
{
	size_t i;

	if (z->started)
		pthread_join(z->th, NULL);
	if (z->fd >= 0)
		close(z->fd);
	if (z->tmp && z->fd >= 0)
		unlink(z->tmp);
	for (i = 0; i < ZIPW_BUFS; i++)
		free(z->buf[i]);
	for (i = 0; i < z->nent; i++)
		free(z->ent[i].name);
	free(z->ent);
	free(z->out);
	deflateEnd(&z->zs);
	pthread_mutex_destroy(&z->mu);
	pthread_cond_destroy(&z->work);
	pthread_cond_destroy(&z->room);
	free(z->path);
	free(z->tmp);
	free(z);
}

int zipw_open(const char *path, int level, struct zipw **out, struct lk_err *e)
{
	struct zipw *z;
	size_t n = strlen(path) + 5, i;
	int rc = LK_ENOMEM;

	assert(path && out && level >= 0 && level <= 9);
	if (!(z = calloc(1, sizeof *z)))
		return lk_err_set(e, LK_ENOMEM, _("out of memory"));
	z->fd = -1;
	z->cur = -1;
	z->level = level;
	pthread_mutex_init(&z->mu, NULL);
	pthread_cond_init(&z->work, NULL);
	pthread_cond_init(&z->room, NULL);
	/* deflateEnd() of zipw_free needs an initialised stream */
	if (deflateInit2(&z->zs, level, Z_DEFLATED, -15, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK) {
		memset(&z->zs, 0, sizeof z->zs);
		goto out;
	}
	z->path = strdup(path);
	z->tmp = malloc(n);
	z->out = malloc(OUTCAP);
	if (!z->path || !z->tmp || !z->out)
		goto out;
	for (i = 0; i < ZIPW_BUFS; i++) {
		if (!(z->buf[i] = malloc(ZIPW_CHUNK)))
			goto out;
		z->free_[z->nfree++] = (int)i;
	}
	snprintf(z->tmp, n, "%s.tmp", path);
	z->fd = open(z->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (z->fd < 0) {
		rc = lk_err_set(e, LK_EIO, _("cannot create %s: %s"), z->tmp,
				strerror(errno));
		goto out;
	}
	if (pthread_create(&z->th, NULL, t_main, z) != 0) {
		rc = lk_err_set(e, LK_EINTERNAL, _("cannot start a thread"));
		goto out;
	}
	z->started = 1;
	*out = z;
	z = NULL;
	rc = 0;
out:
	if (rc == LK_ENOMEM)
		lk_err_set(e, rc, _("out of memory"));
	if (z)
		zipw_free(z);
	return rc;
}

int zipw_begin(struct zipw *z, const char *name, const void *head,
	       size_t head_len, struct lk_err *e)
{
	struct msg m = {M_BEGIN, -1, head_len, NULL};
	size_t nlen = strlen(name);
	int rc, err;

	assert(z && name && (head || !head_len));
	if (z->rc)
		return lk_err_set(e, z->rc, _("cannot write %s"), z->tmp);
	if (nlen == 0 || nlen > ZIPW_NAME_MAX || head_len > ZIPW_HEAD_MAX)
		return z->rc = lk_err_set(e, LK_ETOOBIG,
					  _("cannot write %s: entry %.64s too "
					    "long"),
					  z->tmp, name);
	if ((rc = end_entry(z, e)))
		return rc;
	if (!(m.name = strdup(name)))
		return z->rc = lk_err_set(e, LK_ENOMEM, _("out of memory"));
	if (head_len) {
		if ((m.buf = take_buf(z, &err)) < 0) {
			free(m.name);
			return fail_io(z, err, e);
		}
		memcpy(z->buf[m.buf], head, head_len);
	}
	z->open = 1;
	z->head_len = head_len;
	return push(z, m, e);
}

int zipw_write(struct zipw *z, const void *p, size_t n, struct lk_err *e)
{
	const char *s = p;
	int rc, err;

	assert(z && (p || !n));
	if (z->rc)
		return lk_err_set(e, z->rc, _("cannot write %s"), z->tmp);
	if (!z->open)
		return z->rc =
			   lk_err_set(e, LK_EINTERNAL,
				      _("cannot write %s: no entry"), z->tmp);
	while (n) {
		size_t k;
		if (z->cur < 0) {
			if ((z->cur = take_buf(z, &err)) < 0)
				return fail_io(z, err, e);
			z->cur_len = 0;
		}
		k = ZIPW_CHUNK - z->cur_len;
		if (k > n)
			k = n;
		memcpy(z->buf[z->cur] + z->cur_len, s, k);
		z->cur_len += k;
		s += k;
		n -= k;
		if (z->cur_len == ZIPW_CHUNK && (rc = push_cur(z, e)))
			return rc;
	}
	return 0;
}

int zipw_rehead(struct zipw *z, const void *head, struct lk_err *e)
{
	struct msg m = {M_REHEAD, -1, 0, NULL};
	int err;

	assert(z && head);
	if (z->rc)
		return lk_err_set(e, z->rc, _("cannot write %s"), z->tmp);
	if (!z->open)
		return z->rc =
			   lk_err_set(e, LK_EINTERNAL,
				      _("cannot write %s: no entry"), z->tmp);
	if (!z->head_len)
		return 0;
	if ((m.buf = take_buf(z, &err)) < 0)
		return fail_io(z, err, e);
	memcpy(z->buf[m.buf], head, z->head_len);
	m.len = z->head_len;
	return push(z, m, e);
}

int zipw_close(struct zipw *z, struct lk_err *e)
{
	struct msg stop = {M_STOP, -1, 0, NULL};
	int rc;

	if (!z)
		return 0;
	if ((rc = z->rc)) {
		lk_err_set(e, rc, _("cannot write %s"), z->tmp);
		goto out;
	}
	if ((rc = end_entry(z, e)) || (rc = push(z, stop, e)))
		goto out;
	pthread_join(z->th, NULL);
	z->started = 0;
	if (z->err) {
		rc = fail_io(z, z->err, e);
		goto out;
	}
	rc = close(z->fd);
	z->fd = -1;
	if (rc) {
		rc = lk_err_set(e, LK_EIO, _("cannot write %s: %s"), z->tmp,
				strerror(errno));
		unlink(z->tmp);
		goto out;
	}
	if (rename(z->tmp, z->path) != 0) {
		rc = lk_err_set(e, LK_EIO, _("cannot rename %s: %s"), z->tmp,
				strerror(errno));
		unlink(z->tmp);
	}
out:
	zipw_abort(z);
	return rc;
}

void zipw_abort(struct zipw *z)
{
	struct msg quit = {M_QUIT, -1, 0, NULL};

	if (!z)
		return;
	if (z->started && !z->stopped)
		push(z, quit, NULL);
	zipw_free(z);
}
