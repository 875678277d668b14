// dashboard-spec.js - which indicators the dashboard draws (docs/web.md).
// Indicators are referenced by name (the indicator registry,
// GET /api/indicators/list); a chart whose names the server does not
// know says so instead of drawing zeros.
//   years:    each name's value for every year from FIRST_YEAR to the chosen year
//   group:    every indicator whose name starts with `prefix` (but those
//             in `exclude`), for the chosen year
//   children: one indicator for each child region (GET /api/indicators/children)
//   coverage: visits of the current round (GET /api/work/visit/coverage)

export const FIRST_YEAR = 2014;

export const CHARTS = [
  { id: 'poor', kind: 'years', names: ['households_poor', 'people_poor'] },
  { id: 'lifted', kind: 'years', names: ['households_lifted_year', 'people_lifted_year'] },
  // cause_illness_disability and cause_other overlap the single causes.
  { id: 'cause', kind: 'group', prefix: 'cause_', exclude: ['cause_illness_disability', 'cause_other'], pie: true },
  { id: 'measures', kind: 'group', prefix: 'measures_' },
  { id: 'visits', kind: 'coverage', drill: 'households_visited' },
  { id: 'funds', kind: 'years', names: ['funds_raised', 'funds_spent'] },
  { id: 'incidence', kind: 'children', name: 'incidence' },
];
