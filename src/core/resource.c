#include "core/resource.h"

#include <string.h>

const struct lk_resource *lk_resource_find(const char *path)
{
	size_t lo = 0, hi = lk_resources_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(lk_resources[mid].path, path);
		if (c == 0)
			return &lk_resources[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

size_t lk_resource_prefix(const char *prefix, size_t *count)
{
	size_t n = strlen(prefix), i, first = lk_resources_count;

	*count = 0;
	for (i = 0; i < lk_resources_count; i++) {
		if (strncmp(lk_resources[i].path, prefix, n) == 0) {
			if (first == lk_resources_count)
				first = i;
			(*count)++;
		} else if (first != lk_resources_count) {
			break;
		}
	}
	return first;
}
