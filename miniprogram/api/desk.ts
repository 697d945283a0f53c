import type { authRoutes } from '../../shared/contract/auth';
import { authPaths } from '../../shared/contract/auth.paths';
import type { staffRoutes } from '../../shared/contract/staff';
import { staffPaths } from '../../shared/contract/staff.paths';
import type { MessageKind } from '../../shared/notifications';
import { operations } from './client';

// Typed from the descriptors, called through the zod-free path tables: lib/subscribe.ts (main package) uses this module.
const me = operations<typeof authRoutes>(authPaths);
const staff = operations<typeof staffRoutes>(staffPaths);

/** The staff desk, the message centre, subscriptions and data rights. */
export const deskApi = {
  dashboard: () => staff.dashboard({}, { silent: true }),
  messages: (cursor?: string) => me.messages({ query: { limit: 20, cursor } }, { silent: true }),
  markRead: (id: string) => me.readMessage({ id }, { silent: true }),
  markAllRead: () => me.readAllMessages(),
  subscriptions: () => me.subscriptions({}, { silent: true }),
  recordSubscriptions: (kinds: MessageKind[]) => me.recordSubscriptions({ body: { kinds } }, { silent: true }),
  exportMyData: () => me.exportMyData({}, { silent: true }),
  deleteMyAccount: () => me.deleteMe(),
};
