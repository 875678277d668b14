/*
 * test_log.c - unit tests of core/log.c.  stderr is redirected to a
 * temporary file to read the lines back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/err.h"
#include "core/i18n.h"
#include "core/log.h"

static char cap_path[] = "/tmp/lika-test-log-XXXXXX";
static int saved_stderr = -1;

/* Starts capturing stderr into a fresh temporary file. */
static void capture_start(void)
{
	int fd;

	fflush(stderr);
	strcpy(cap_path, "/tmp/lika-test-log-XXXXXX");
	fd = mkstemp(cap_path);
	assert_true(fd >= 0);
	saved_stderr = dup(STDERR_FILENO);
	assert_true(saved_stderr >= 0);
	assert_true(dup2(fd, STDERR_FILENO) >= 0);
	close(fd);
}

/* Stops capturing; returns the captured text (caller frees). */
static char *capture_end(void)
{
	FILE *f;
	char *text;
	long n;

	fflush(stderr);
	assert_true(dup2(saved_stderr, STDERR_FILENO) >= 0);
	close(saved_stderr);
	f = fopen(cap_path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = malloc((size_t)n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	text[n] = '\0';
	fclose(f);
	unlink(cap_path);
	return text;
}

/* Runs first: the level comes from LIKA_LOG (set in main). */
static void test_env_level(void **state)
{
	(void)state;
	assert_int_equal(lk_log_get_level(), LK_LOG_DEBUG);
	assert_true(lk_log_enabled(LK_LOG_DEBUG));
}

static void test_parse(void **state)
{
	enum lk_log_level l = LK_LOG_WARN;

	(void)state;
	assert_int_equal(lk_log_parse_level("error", &l), 0);
	assert_int_equal(l, LK_LOG_ERROR);
	assert_int_equal(lk_log_parse_level("WARN", &l), 0);
	assert_int_equal(l, LK_LOG_WARN);
	assert_int_equal(lk_log_parse_level("warning", &l), 0);
	assert_int_equal(l, LK_LOG_WARN);
	assert_int_equal(lk_log_parse_level("Info", &l), 0);
	assert_int_equal(l, LK_LOG_INFO);
	assert_int_equal(lk_log_parse_level("debug", &l), 0);
	assert_int_equal(l, LK_LOG_DEBUG);
	assert_int_equal(lk_log_parse_level("0", &l), 0);
	assert_int_equal(l, LK_LOG_ERROR);
	assert_int_equal(lk_log_parse_level("3", &l), 0);
	assert_int_equal(l, LK_LOG_DEBUG);
	assert_int_equal(lk_log_parse_level("4", &l), LK_EINVAL);
	assert_int_equal(lk_log_parse_level("", &l), LK_EINVAL);
	assert_int_equal(lk_log_parse_level("verbose", &l), LK_EINVAL);
	assert_int_equal(lk_log_parse_level(NULL, &l), LK_EINVAL);
	assert_int_equal(l, LK_LOG_DEBUG);
}

static void test_filter_and_format(void **state)
{
	char *text;

	(void)state;
	lk_log_set_level(LK_LOG_WARN);
	assert_int_equal(lk_log_get_level(), LK_LOG_WARN);
	assert_false(lk_log_enabled(LK_LOG_INFO));
	capture_start();
	lk_log(LK_LOG_ERROR, "cannot open %s", "x.csv");
	lk_log(LK_LOG_WARN, "%d rows skipped", 3);
	lk_log(LK_LOG_INFO, "not shown");
	lk_log(LK_LOG_DEBUG, "not shown either");
	text = capture_end();
	assert_string_equal(text, "lika: error: cannot open x.csv\n"
				  "lika: warning: 3 rows skipped\n");
	free(text);

	lk_log_set_level(LK_LOG_DEBUG);
	capture_start();
	lk_log(LK_LOG_INFO, "imported");
	lk_log(LK_LOG_DEBUG, "sql %s", "select 1");
	text = capture_end();
	assert_string_equal(text, "lika: info: imported\n"
				  "lika: debug: sql select 1\n");
	free(text);

	/* out-of-range levels are clamped */
	lk_log_set_level((enum lk_log_level)42);
	assert_int_equal(lk_log_get_level(), LK_LOG_DEBUG);
	lk_log_set_level((enum lk_log_level) - 3);
	assert_int_equal(lk_log_get_level(), LK_LOG_ERROR);
}

static void test_translated_level(void **state)
{
	char *text;

	(void)state;
	lk_log_set_level(LK_LOG_WARN);
	lk_i18n_set(LK_LANG_ZH);
	capture_start();
	lk_log(LK_LOG_ERROR, "%s", _("out of memory"));
	lk_log(LK_LOG_WARN, "x");
	text = capture_end();
	lk_i18n_set(LK_LANG_EN);
	assert_string_equal(text, "lika: 错误: 内存不足\nlika: 警告: x\n");
	free(text);
}

static void test_truncated(void **state)
{
	char *big = malloc(LK_LOG_MAX * 2);
	char *text;

	(void)state;
	assert_non_null(big);
	memset(big, 'a', LK_LOG_MAX * 2 - 1);
	big[LK_LOG_MAX * 2 - 1] = '\0';
	lk_log_set_level(LK_LOG_ERROR);
	capture_start();
	lk_log(LK_LOG_ERROR, "%s", big);
	text = capture_end();
	assert_int_equal(strlen(text), strlen("lika: error: ") + LK_LOG_MAX);
	assert_int_equal(text[strlen(text) - 1], '\n');
	free(text);
	free(big);
}

#define NTHREADS 4
#define NLINES 300

static void *log_thread(void *arg)
{
	int id = (int)(intptr_t)arg, i;

	for (i = 0; i < NLINES; i++)
		lk_log(LK_LOG_WARN, "thread %d line %d %s", id, i,
		       "padding padding padding padding padding padding");
	return NULL;
}

static void test_threads(void **state)
{
	pthread_t t[NTHREADS];
	char *text, *line, *save = NULL;
	int i, count = 0;

	(void)state;
	lk_log_set_level(LK_LOG_WARN);
	capture_start();
	for (i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, log_thread,
						(void *)(intptr_t)i),
				 0);
	for (i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	text = capture_end();
	/* every line is whole: no interleaving */
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		int id, n;
		char tail[64];
		if (sscanf(line, "lika: warning: thread %d line %d %63[a-z ]",
			   &id, &n, tail) != 3)
			fail_msg("garbled line: %s", line);
		assert_string_equal(tail, "padding padding padding padding "
					  "padding padding");
		count++;
	}
	assert_int_equal(count, NTHREADS * NLINES);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_env_level),
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_filter_and_format),
	    cmocka_unit_test(test_translated_level),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_threads),
	};

	setenv("LIKA_LOG", "debug", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
