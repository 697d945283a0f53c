import type { z } from 'zod';
import type { DashboardSchema } from '../../shared/dashboard';
import type { DataExportSchema, DeleteAccountResultSchema } from '../../shared/data-rights';
import type { MessageKind, MessagePageSchema, MessageSchema, ReadAllResultSchema, SubscriptionsSchema } from '../../shared/notifications';
import { api, typed } from './client';

// Type-only contracts: lib/subscribe.ts (main package) uses this module.
const Dashboard = typed<z.infer<typeof DashboardSchema>>();
const DataExport = typed<z.infer<typeof DataExportSchema>>();
const DeleteAccountResult = typed<z.infer<typeof DeleteAccountResultSchema>>();
const MessagePage = typed<z.infer<typeof MessagePageSchema>>();
const Message = typed<z.infer<typeof MessageSchema>>();
const ReadAllResult = typed<z.infer<typeof ReadAllResultSchema>>();
const Subscriptions = typed<z.infer<typeof SubscriptionsSchema>>();

/** The staff desk, the message centre, subscriptions and data rights. */
export const deskApi = {
  dashboard: () => api.get('/api/staff/dashboard', Dashboard, { silent: true }),
  messages: (cursor?: string) => api.get('/api/me/messages', MessagePage, { silent: true, query: { limit: 20, cursor } }),
  markRead: (id: string) => api.post(`/api/me/messages/${id}/read`, {}, Message, { silent: true }),
  markAllRead: () => api.post('/api/me/messages/read-all', {}, ReadAllResult),
  subscriptions: () => api.get('/api/me/subscriptions', Subscriptions, { silent: true }),
  recordSubscriptions: (kinds: MessageKind[]) => api.post('/api/me/subscriptions', { kinds }, Subscriptions, { silent: true }),
  exportMyData: () => api.get('/api/me/export', DataExport, { silent: true }),
  deleteMyAccount: () => api.delete('/api/me', DeleteAccountResult),
};
