import { DashboardSchema } from '../../shared/dashboard';
import { DataExportSchema, DeleteAccountResultSchema } from '../../shared/data-rights';
import { MessagePageSchema, MessageSchema, ReadAllResultSchema, SubscriptionsSchema, type MessageKind } from '../../shared/notifications';
import { api } from './client';

/** The staff desk, the message centre, subscriptions and data rights. */
export const deskApi = {
  dashboard: () => api.get('/api/staff/dashboard', DashboardSchema, { silent: true }),
  messages: (cursor?: string) => api.get('/api/me/messages', MessagePageSchema, { silent: true, query: { limit: 20, cursor } }),
  markRead: (id: string) => api.post(`/api/me/messages/${id}/read`, {}, MessageSchema, { silent: true }),
  markAllRead: () => api.post('/api/me/messages/read-all', {}, ReadAllResultSchema),
  subscriptions: () => api.get('/api/me/subscriptions', SubscriptionsSchema, { silent: true }),
  recordSubscriptions: (kinds: MessageKind[]) => api.post('/api/me/subscriptions', { kinds }, SubscriptionsSchema, { silent: true }),
  exportMyData: () => api.get('/api/me/export', DataExportSchema, { silent: true }),
  deleteMyAccount: () => api.delete('/api/me', DeleteAccountResultSchema),
};
