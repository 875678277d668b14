/* routes.c - the route table of the HTTP API (http/api.h: one row per
 * endpoint; keep rows grouped by area and documented in docs/api.md). */
#include "http/api.h"

#define ADMIN LK_ROLE_BIT(LK_ROLE_ADMIN)
#define WRITE LK_ROLES_WRITE
/* registering households needs a region role (not helper or viewer) */
#define REGISTER                                                           \
	(LK_ROLE_BIT(LK_ROLE_ADMIN) | LK_ROLE_BIT(LK_ROLE_COUNTY) |          \
	 LK_ROLE_BIT(LK_ROLE_TOWN) | LK_ROLE_BIT(LK_ROLE_VILLAGE))

/* whole-region views of policy work: not for a helper, whose reach is
 * its paired households (their history: /api/households/NO/history) */
#define POLICY_READ (REGISTER | LK_ROLE_BIT(LK_ROLE_VIEWER))

const struct http_route http_routes[] = {
	/* accounts */
	{"POST", "/api/login", api_login, HR_PUBLIC | HR_NO_CSRF, 0},
	{"POST", "/api/logout", api_logout, 0, 0},
	{"GET", "/api/me", api_me, 0, 0},
	{"GET", "/api/users", api_users_list, 0, ADMIN},
	{"POST", "/api/users", api_users_add, 0, ADMIN},

	/* registry */
	{"GET", "/api/codes/:list", api_codes, 0, 0},
	{"GET", "/api/regions", api_regions_list, HR_READ, 0},
	{"GET", "/api/regions/:code", api_region_show, HR_READ, 0},
	{"GET", "/api/households", api_households_list, HR_READ, 0},
	{"POST", "/api/households", api_household_add, 0, REGISTER},
	{"GET", "/api/households/:no", api_household_show, HR_READ,
	 0},
	{"PATCH", "/api/households/:no", api_household_edit, 0, WRITE},
	{"GET", "/api/households/:no/history", api_household_history,
	 HR_READ, 0},
	{"GET", "/api/households/:no/assess", api_household_assess, 0, 0},
	{"POST", "/api/households/:no/members", api_member_add, 0, WRITE},
	{"PUT", "/api/households/:no/incomes/:year", api_income_set, 0,
	 WRITE},
	{"PATCH", "/api/members/:id", api_member_edit, 0, WRITE},
	{"POST", "/api/members/:id/remove", api_member_remove, 0, WRITE},

	/* policy work */
	{"GET", "/api/assess", api_assess, 0, 0},
	{"GET", "/api/checks", api_checks, 0, POLICY_READ},
	{"GET", "/api/procedures", api_procedures_list, 0, POLICY_READ},
	{"POST", "/api/procedures", api_procedure_start, 0, REGISTER},
	{"GET", "/api/procedures/:id", api_procedure_show, 0, POLICY_READ},
	{"POST", "/api/procedures/:id/steps", api_procedure_step, 0,
	 REGISTER},
	{"POST", "/api/procedures/:id/cancel", api_procedure_cancel, 0,
	 REGISTER},
	{"GET", "/api/notices", api_notices_list, 0, POLICY_READ},
	{"POST", "/api/notices", api_notice_create, 0, REGISTER},
	{"GET", "/api/notices/:id", api_notice_show, 0, POLICY_READ},
	{"GET", "/api/notices/:id/print", api_notice_print, 0, POLICY_READ},
	{"POST", "/api/notices/:id/objections", api_notice_object, 0,
	 REGISTER},
	{"POST", "/api/notices/:id/resolve", api_notice_resolve, 0, REGISTER},
	{"POST", "/api/notices/:id/close", api_notice_close, 0, REGISTER},

	/* work records (the literal routes before /:kind/:id) */
	{"GET", "/api/work/visit/coverage", api_visit_coverage, 0,
	 POLICY_READ},
	{"GET", "/api/work/fund/balance", api_fund_balance, 0, POLICY_READ},
	{"GET", "/api/work/:kind", api_work_list, 0, 0},
	{"POST", "/api/work/:kind", api_work_add, 0, WRITE},
	{"GET", "/api/work/:kind/:id", api_work_show, 0, 0},
	{"PATCH", "/api/work/:kind/:id", api_work_edit, 0, WRITE},
	{"DELETE", "/api/work/:kind/:id", api_work_remove, 0, WRITE},

	/* indicators and reports (aggregates: every role; the household
	 * file and the ledger book show ID numbers unmasked: not viewers) */
	{"GET", "/api/indicators/list", api_indicators_list, 0, 0},
	{"GET", "/api/indicators/children", api_indicators_children, 0, 0},
	{"GET", "/api/indicators", api_indicators, 0, 0},
	/* a drill-down lists households by name: not for helpers, who
	 * reach only their own */
	{"GET", "/api/drill/:name", api_drill, 0,
	 LK_ROLES_ALL & ~LK_ROLE_BIT(LK_ROLE_HELPER)},
	{"GET", "/api/reports/annual", api_report_annual, 0, 0},
	{"GET", "/api/reports/household/:no", api_report_household, 0, WRITE},
	{"GET", "/api/export", api_export, 0, REGISTER},
	{"POST", "/api/import", api_import, 0, REGISTER},
};

const size_t http_nroutes = sizeof http_routes / sizeof http_routes[0];
