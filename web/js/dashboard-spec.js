// dashboard-spec.js - which indicators the dashboard draws (docs/web.md).
// Indicators are referenced by name (the indicator registry,
// GET /api/indicators/list); a chart whose names the server does not
// know says so instead of drawing zeros.
//   years:    each name's value for every year from FIRST_YEAR to the chosen year
//   group:    every indicator whose name starts with `prefix`, for the chosen year
//   children: one indicator for each child region (GET /api/indicators/children)
//   coverage: visits of the current round (GET /api/work/visit/coverage)

export const FIRST_YEAR = 2014;

export const CHARTS = [
  { id: 'poor', kind: 'years', names: ['poor_households', 'poor_people'] },
  { id: 'lifted', kind: 'years', names: ['lifted_households', 'lifted_people'] },
  { id: 'cause', kind: 'group', prefix: 'households_cause.', pie: true },
  { id: 'measures', kind: 'group', prefix: 'measures_batch.' },
  { id: 'visits', kind: 'coverage', drill: 'visits_missing' },
  { id: 'funds', kind: 'years', names: ['funds_raised', 'funds_spent'] },
  { id: 'incidence', kind: 'children', name: 'poverty_incidence', percent: true },
];
