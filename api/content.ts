import { CommunityListSchema } from '../shared/communities';
import {
  HandbookCategoryListSchema,
  HandbookEntryBodySchema,
  HandbookEntrySchema,
  HandbookListSchema,
  HandbookQuerySchema,
} from '../shared/handbook';
import { LinkBodySchema, LinkListSchema, LinkQuerySchema, LinkSchema } from '../shared/links';
import { StreetSettingsBodySchema, StreetSettingsSchema } from '../shared/settings';
import { createRouter } from './_lib/http/router';
import { defineRoute, type AnyRoute } from './_lib/http/types';
import { listCommunities } from './_lib/services/communities';
import {
  createHandbookEntry,
  getHandbookEntry,
  listHandbookCategories,
  listHandbookEntries,
  replaceHandbookEntry,
  unpublishHandbookEntry,
} from './_lib/services/handbook/entries';
import { createLink, deleteLink, listLinks, replaceLink } from './_lib/services/links/articles';
import { getStreetSettings, updateStreetSettings } from './_lib/services/settings';

/** /api/settings, /api/communities, /api/handbook*, /api/links*: the street's public content. */
export const routes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/settings',
    auth: 'public',
    summary: "The street's own details: name, official account, hotline, service hours, logo",
    tag: 'settings',
    response: StreetSettingsSchema,
    handler: ({ ctx }) => getStreetSettings({ ctx }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/settings',
    auth: ['admin'],
    summary: "Replace the street's details (admin); audited with what changed",
    tag: 'settings',
    body: StreetSettingsBodySchema,
    response: StreetSettingsSchema,
    handler: ({ ctx, body }) => updateStreetSettings({ ctx, input: body }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/communities',
    auth: 'public',
    summary: 'Communities with their grids',
    tag: 'communities',
    response: CommunityListSchema,
    handler: ({ ctx }) => listCommunities({ ctx }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/handbook',
    auth: 'public',
    summary: 'Handbook entries: list by category, or search by words (Chinese trigram search)',
    tag: 'handbook',
    query: HandbookQuerySchema,
    // includeUnpublished is for staff only.
    problems: [403],
    response: HandbookListSchema,
    handler: ({ ctx, query }) => listHandbookEntries({ ctx, query }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/handbook/categories',
    auth: 'public',
    summary: 'Handbook categories with the number of published entries',
    tag: 'handbook',
    response: HandbookCategoryListSchema,
    handler: ({ ctx }) => listHandbookCategories({ ctx }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/handbook/:id',
    auth: 'public',
    summary: 'One handbook entry',
    tag: 'handbook',
    response: HandbookEntrySchema,
    handler: ({ ctx, params }) => getHandbookEntry({ ctx, id: params.id }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/handbook',
    auth: ['staff'],
    summary: 'Create a handbook entry',
    tag: 'handbook',
    body: HandbookEntryBodySchema,
    response: HandbookEntrySchema,
    status: 201,
    idempotent: true,
    handler: ({ ctx, body }) => createHandbookEntry({ ctx, input: body }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/handbook/:id',
    auth: ['staff'],
    summary: 'Replace a handbook entry (may republish it)',
    tag: 'handbook',
    body: HandbookEntryBodySchema,
    response: HandbookEntrySchema,
    handler: ({ ctx, params, body }) => replaceHandbookEntry({ ctx, id: params.id, input: body }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/handbook/:id',
    auth: ['staff'],
    summary: 'Unpublish a handbook entry',
    tag: 'handbook',
    response: HandbookEntrySchema,
    handler: ({ ctx, params }) => unpublishHandbookEntry({ ctx, id: params.id }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/links',
    auth: 'public',
    summary: "The street's official account and its articles, pinned first",
    tag: 'links',
    query: LinkQuerySchema,
    response: LinkListSchema,
    handler: ({ ctx, query }) => listLinks({ ctx, query }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/links',
    auth: ['staff'],
    summary: 'Add an official-account article (https://mp.weixin.qq.com/ only)',
    tag: 'links',
    body: LinkBodySchema,
    response: LinkSchema,
    status: 201,
    idempotent: true,
    handler: ({ ctx, body }) => createLink({ ctx, input: body }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/links/:id',
    auth: ['staff'],
    summary: 'Replace an article link',
    tag: 'links',
    body: LinkBodySchema,
    response: LinkSchema,
    handler: ({ ctx, params, body }) => replaceLink({ ctx, id: params.id, input: body }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/links/:id',
    auth: ['staff'],
    summary: 'Remove an article link',
    tag: 'links',
    response: LinkSchema,
    handler: ({ ctx, params }) => deleteLink({ ctx, id: params.id }),
  }),
];

export default createRouter(routes);
