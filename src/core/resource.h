/*
 * resource.h - files embedded in the lika binary at build time.
 *
 * tools/embed.c turns the schema/NNNN_name.sql files, the policy files and
 * the compiled catalogs po/LANG.mo into a generated C file, so one binary carries its schema,
 * its default policy and its translations (a village laptop gets a
 * single file).  Paths are relative to the source tree, e.g.
 * "schema/0001_registry.sql".  The table is sorted by path.
 */
#ifndef LK_RESOURCE_H
#define LK_RESOURCE_H

#include <stddef.h>

struct lk_resource {
	const char *path;
	const unsigned char *data; /* NUL-terminated for convenience */
	size_t len;                /* without the NUL */
};

extern const struct lk_resource lk_resources[];
extern const size_t lk_resources_count;

/* The resource with exactly this path, or NULL. */
const struct lk_resource *lk_resource_find(const char *path);

/* Index of the first resource whose path starts with prefix, *count set
 * to how many consecutive ones do (0 if none).  Cannot fail. */
size_t lk_resource_prefix(const char *prefix, size_t *count);

#endif
