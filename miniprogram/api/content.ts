import type { cardRoutes } from '../../shared/contract/card';
import { cardPaths } from '../../shared/contract/card.paths';
import type { contentRoutes } from '../../shared/contract/content';
import { contentPaths } from '../../shared/contract/content.paths';
import type { RequestBody, RequestQuery } from '../../shared/contract/route';
import { operations } from './client';

// Typed from the descriptors, called through the zod-free path tables: the handbook tab and
// home page (main package) use this module, and the main package must not carry zod.
const content = operations<typeof contentRoutes>(contentPaths);
const card = operations<typeof cardRoutes>(cardPaths);

/** The street's communities and their grids. */
export const communitiesApi = {
  list: () => content.communities({}, { silent: true }),
  /** A community's grids with their buildings and 网格员, for the place pickers. */
  grids: (communityId: string) => content.grids({ id: communityId }, { silent: true }),
};

/** 一本书: the service handbook. */
export const handbookApi = {
  categories: () => content.handbookCategories({}, { silent: true }),
  list: (query: RequestQuery<typeof contentRoutes.handbookList>) => content.handbookList({ query: { limit: 50, ...query } }, { silent: true }),
  get: (id: string) => content.handbookGet({ id }, { silent: true }),
  create: (body: RequestBody<typeof contentRoutes.handbookCreate>, idempotencyKey: string) =>
    content.handbookCreate({ body }, { idempotencyKey, silent: true }),
  replace: (id: string, body: RequestBody<typeof contentRoutes.handbookReplace>) => content.handbookReplace({ id, body }, { silent: true }),
  unpublish: (id: string) => content.handbookUnpublish({ id }, { silent: true }),
  synonyms: () => content.handbookSynonyms({}, { silent: true }),
  addSynonym: (body: RequestBody<typeof contentRoutes.handbookAddSynonym>, idempotencyKey: string) =>
    content.handbookAddSynonym({ body }, { idempotencyKey, silent: true }),
  removeSynonym: (id: string) => content.handbookRemoveSynonym({ id }, { silent: true }),
};

/** 一个号: the street's official-account articles. */
export const linksApi = {
  list: (limit = 50, cursor?: string) => content.linksList({ query: { limit, cursor } }, { silent: true }),
  create: (body: RequestBody<typeof contentRoutes.linksCreate>, idempotencyKey: string) => content.linksCreate({ body }, { idempotencyKey, silent: true }),
  replace: (id: string, body: RequestBody<typeof contentRoutes.linksReplace>) => content.linksReplace({ id, body }, { silent: true }),
  remove: (id: string) => content.linksRemove({ id }, { silent: true }),
};

/** The street's own details (name, official account, hotline, hours, logo); the admin edits them (packages/staff/api.ts). */
export const settingsApi = {
  get: () => content.settings({}, { silent: true }),
};

/** 一张卡: the neighbour-affection card. */
export const cardApi = {
  /** My card, or null before it was first filled in. */
  async mine() {
    try {
      return await card.mine({}, { silent: true });
    } catch (err) {
      if ((err as { status?: number }).status === 404) return null;
      throw err;
    }
  },
  save: (body: RequestBody<typeof cardRoutes.save>) => card.save({ body }, { silent: true }),
  rotateQr: () => card.rotateQr({}, { silent: true }),
  remove: () => card.remove({}, { silent: true }),
  scans: (cursor?: string) => card.scans({ query: { limit: 50, cursor } }, { silent: true }),
  scan: (qrToken: string) => card.scan({ qrToken }, { silent: true }),
  lookup: (body: RequestBody<typeof cardRoutes.lookup>) => card.lookup({ body }, { silent: true }),
};
