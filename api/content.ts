import { listCommunities } from './_lib/services/communities';
import { createGrid, deleteGrid, listGridWorkerCandidates, listGrids, replaceGrid } from './_lib/services/places';
import {
  createHandbookEntry,
  getHandbookEntry,
  listHandbookCategories,
  listHandbookEntries,
  replaceHandbookEntry,
  unpublishHandbookEntry,
} from './_lib/services/handbook/entries';
import { createLink, deleteLink, listLinks, replaceLink } from './_lib/services/links/articles';
import { addHandbookSynonym, listHandbookSynonyms, removeHandbookSynonym } from './_lib/services/handbook/synonyms';
import { getStreetSettings, updateStreetSettings } from './_lib/services/settings';
import { contentRoutes } from '../shared/contract/content';
import { bind } from './_lib/http/bind';
import { createRouter } from './_lib/http/router';

/** /api/settings, /api/communities, /api/handbook*, /api/links*: the street's public content. */
export const routes = bind(contentRoutes, {
  settings: ({ ctx }) => getStreetSettings({ ctx }),
  saveSettings: ({ ctx, body }) => updateStreetSettings({ ctx, input: body }),
  communities: ({ ctx }) => listCommunities({ ctx }),
  grids: ({ ctx, params }) => listGrids({ ctx, communityId: params.id }),
  gridCreate: ({ ctx, params, body }) => createGrid({ ctx, communityId: params.id, input: body }),
  gridReplace: ({ ctx, params, body }) => replaceGrid({ ctx, communityId: params.id, gridId: params.gridId, input: body }),
  gridDelete: ({ ctx, params }) => deleteGrid({ ctx, communityId: params.id, gridId: params.gridId }),
  gridWorkerCandidates: ({ ctx, params }) => listGridWorkerCandidates({ ctx, communityId: params.id }),
  handbookList: ({ ctx, query }) => listHandbookEntries({ ctx, query }),
  handbookCategories: ({ ctx }) => listHandbookCategories({ ctx }),
  handbookSynonyms: ({ ctx }) => listHandbookSynonyms({ ctx }),
  handbookAddSynonym: ({ ctx, body }) => addHandbookSynonym({ ctx, input: body }),
  handbookRemoveSynonym: ({ ctx, params }) => removeHandbookSynonym({ ctx, id: params.id }),
  handbookGet: ({ ctx, params }) => getHandbookEntry({ ctx, id: params.id }),
  handbookCreate: ({ ctx, body }) => createHandbookEntry({ ctx, input: body }),
  handbookReplace: ({ ctx, params, body }) => replaceHandbookEntry({ ctx, id: params.id, input: body }),
  handbookUnpublish: ({ ctx, params }) => unpublishHandbookEntry({ ctx, id: params.id }),
  linksList: ({ ctx, query }) => listLinks({ ctx, query }),
  linksCreate: ({ ctx, body }) => createLink({ ctx, input: body }),
  linksReplace: ({ ctx, params, body }) => replaceLink({ ctx, id: params.id, input: body }),
  linksRemove: ({ ctx, params }) => deleteLink({ ctx, id: params.id }),
});

export default createRouter(routes);
