/**
 * Method and path of every content operation: the zod-free half of `./content.ts`, the part the
 * mini-program's main package may import. One string per operation, `'METHOD /path'`, because
 * what the main package imports ships in it, and it sits close to its size budget.
 */
export const contentPaths = {
  settings: 'GET /api/settings',
  saveSettings: 'PUT /api/settings',
  communities: 'GET /api/communities',
  grids: 'GET /api/communities/:id/grids',
  gridCreate: 'POST /api/communities/:id/grids',
  gridReplace: 'PUT /api/communities/:id/grids/:gridId',
  gridDelete: 'DELETE /api/communities/:id/grids/:gridId',
  gridWorkerCandidates: 'GET /api/communities/:id/grid-workers',
  handbookList: 'GET /api/handbook',
  handbookCategories: 'GET /api/handbook/categories',
  handbookSynonyms: 'GET /api/handbook/synonyms',
  handbookAddSynonym: 'POST /api/handbook/synonyms',
  handbookRemoveSynonym: 'DELETE /api/handbook/synonyms/:id',
  handbookGet: 'GET /api/handbook/:id',
  handbookCreate: 'POST /api/handbook',
  handbookReplace: 'PUT /api/handbook/:id',
  handbookUnpublish: 'DELETE /api/handbook/:id',
  linksList: 'GET /api/links',
  linksCreate: 'POST /api/links',
  linksReplace: 'PUT /api/links/:id',
  linksRemove: 'DELETE /api/links/:id',
} as const;
