import { CommunityListSchema } from '../communities';
import {
  HandbookCategoryListSchema,
  HandbookEntryBodySchema,
  HandbookEntrySchema,
  HandbookListSchema,
  HandbookQuerySchema,
} from '../handbook';
import { LinkBodySchema, LinkListSchema, LinkQuerySchema, LinkSchema } from '../links';
import { HandbookSynonymBodySchema, HandbookSynonymListSchema, HandbookSynonymSchema } from '../handbook';
import { StreetSettingsBodySchema, StreetSettingsSchema } from '../settings';
import { contentPaths as p } from './content.paths';
import { route } from './route';
import { ID_PARAMS } from '../params';

/** /api/settings, /api/communities, /api/handbook*, /api/links*: the street's public content. */
export const contentRoutes = {
  settings: route(p.settings, {
    auth: 'public',
    summary: "The street's own details: name, official account, hotline, service hours, logo",
    tag: 'settings',
    response: StreetSettingsSchema,
  }),
  saveSettings: route(p.saveSettings, {
    auth: ['admin'],
    summary: "Replace the street's details (admin); audited with what changed",
    tag: 'settings',
    body: StreetSettingsBodySchema,
    response: StreetSettingsSchema,
  }),
  communities: route(p.communities, {
    auth: 'public',
    summary: 'Communities with their grids',
    tag: 'communities',
    response: CommunityListSchema,
  }),
  handbookList: route(p.handbookList, {
    auth: 'public',
    summary: 'Handbook entries: list by category, or search by words (Chinese trigram search)',
    tag: 'handbook',
    query: HandbookQuerySchema,
    // includeUnpublished is for staff only.
    problems: [403],
    response: HandbookListSchema,
  }),
  handbookCategories: route(p.handbookCategories, {
    auth: 'public',
    summary: 'Handbook categories with the number of published entries',
    tag: 'handbook',
    response: HandbookCategoryListSchema,
  }),
  // Before handbookGet (/api/handbook/:id): the first route that matches answers.
  handbookSynonyms: route(p.handbookSynonyms, {
    auth: ['staff'],
    summary: 'Search synonyms (what residents type → the handbook word)',
    tag: 'handbook',
    response: HandbookSynonymListSchema,
  }),
  handbookAddSynonym: route(p.handbookAddSynonym, {
    auth: ['staff'],
    summary: 'Add a search synonym (street staff)',
    tag: 'handbook',
    body: HandbookSynonymBodySchema,
    response: HandbookSynonymSchema,
    status: 201,
    idempotent: true,
  }),
  handbookRemoveSynonym: route(p.handbookRemoveSynonym, {
    params: ID_PARAMS,
    auth: ['staff'],
    summary: 'Remove a search synonym (street staff)',
    tag: 'handbook',
    response: HandbookSynonymSchema,
  }),
  handbookGet: route(p.handbookGet, {
    params: ID_PARAMS,
    auth: 'public',
    summary: 'One handbook entry',
    tag: 'handbook',
    response: HandbookEntrySchema,
  }),
  handbookCreate: route(p.handbookCreate, {
    auth: ['staff'],
    summary: 'Create a handbook entry',
    tag: 'handbook',
    body: HandbookEntryBodySchema,
    response: HandbookEntrySchema,
    status: 201,
    idempotent: true,
  }),
  handbookReplace: route(p.handbookReplace, {
    params: ID_PARAMS,
    auth: ['staff'],
    summary: 'Replace a handbook entry (may republish it)',
    tag: 'handbook',
    body: HandbookEntryBodySchema,
    response: HandbookEntrySchema,
  }),
  handbookUnpublish: route(p.handbookUnpublish, {
    params: ID_PARAMS,
    auth: ['staff'],
    summary: 'Unpublish a handbook entry',
    tag: 'handbook',
    response: HandbookEntrySchema,
  }),
  linksList: route(p.linksList, {
    auth: 'public',
    summary: "The street's official account and its articles, pinned first",
    tag: 'links',
    query: LinkQuerySchema,
    response: LinkListSchema,
  }),
  linksCreate: route(p.linksCreate, {
    auth: ['staff'],
    summary: 'Add an official-account article (https://mp.weixin.qq.com/ only)',
    tag: 'links',
    body: LinkBodySchema,
    response: LinkSchema,
    status: 201,
    idempotent: true,
  }),
  linksReplace: route(p.linksReplace, {
    params: ID_PARAMS,
    auth: ['staff'],
    summary: 'Replace an article link',
    tag: 'links',
    body: LinkBodySchema,
    response: LinkSchema,
  }),
  linksRemove: route(p.linksRemove, {
    params: ID_PARAMS,
    auth: ['staff'],
    summary: 'Remove an article link',
    tag: 'links',
    response: LinkSchema,
  }),
};
