/*
 * demo.h - the demo ledger: a deterministic village modelled on the seed
 * report's community (褚家营社区, 祥云县, Dali, Yunnan), built from the
 * real divisions and generated interchange files (io/gen.h) through the
 * same import every user file goes through.
 *
 * lk_demo_build() loads the code lists and the divisions of Yunnan (53),
 * generates the demo village's households, members and incomes for
 * 2014-2018 into a temporary directory, imports them, gives the
 * villager groups their attributes (urban-rural fringe, plain,
 * mountain) and removes the temporary files.  Run on a ledger that
 * already holds the demo, it changes nothing.
 */
#ifndef LK_DEMO_H
#define LK_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"

#define LK_DEMO_SEED 2018

int lk_demo_build(struct lk_ctx *ctx, const char *divisions, uint64_t seed);
/* Only the registry part (code lists, policy, regions, households,
 * members, incomes, group attributes): for the tests of the later steps. */
int lk_demo_build_registry(struct lk_ctx *ctx, const char *divisions,
			   uint64_t seed);

#endif
