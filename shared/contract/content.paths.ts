
/** Method and path of every content operation: the zod-free half of `./content.ts`, for the mini-program's main package. */
export const contentPaths = {
  settings: { method: 'GET', path: '/api/settings' },
  saveSettings: { method: 'PUT', path: '/api/settings' },
  communities: { method: 'GET', path: '/api/communities' },
  handbookList: { method: 'GET', path: '/api/handbook' },
  handbookCategories: { method: 'GET', path: '/api/handbook/categories' },
  handbookGet: { method: 'GET', path: '/api/handbook/:id' },
  handbookCreate: { method: 'POST', path: '/api/handbook' },
  handbookReplace: { method: 'PUT', path: '/api/handbook/:id' },
  handbookUnpublish: { method: 'DELETE', path: '/api/handbook/:id' },
  linksList: { method: 'GET', path: '/api/links' },
  linksCreate: { method: 'POST', path: '/api/links' },
  linksReplace: { method: 'PUT', path: '/api/links/:id' },
  linksRemove: { method: 'DELETE', path: '/api/links/:id' },
} as const;
