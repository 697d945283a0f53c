import {
  DemoLoginBodySchema,
  LoginBodySchema,
  LoginResponseSchema,
  MeSchema,
  PrivacyConsentBodySchema,
  UpdateMeBodySchema,
} from '../shared/auth';
import { DataExportSchema, DeleteAccountResultSchema } from '../shared/data-rights';
import {
  MessagePageSchema,
  MessageQuerySchema,
  MessageSchema,
  ReadAllResultSchema,
  SubscriptionsBodySchema,
  SubscriptionsSchema,
} from '../shared/notifications';
import { createRouter } from './_lib/http/router';
import { defineRoute, type AnyRoute } from './_lib/http/types';
import { demoLogin, getMe, loginWithWechat, recordPrivacyConsent, updateMe } from './_lib/services/users';
import { deleteMyAccount, exportMyData } from './_lib/services/data-rights';
import {
  getMySubscriptions,
  listMyMessages,
  markAllMessagesRead,
  markMessageRead,
  recordSubscriptions,
} from './_lib/services/message-centre';

/** /api/auth/* and /api/me*: who the caller is. */
export const routes: AnyRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/api/auth/login',
    auth: 'public',
    summary: 'Exchange a wx.login code for a session token',
    tag: 'auth',
    // 404 where this kind of log-in is not offered (WeChat not configured / demo log-in off).
    problems: [404],
    body: LoginBodySchema,
    response: LoginResponseSchema,
    rateLimit: 'auth',
    handler: ({ ctx, body }) => loginWithWechat({ ctx, input: body }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/auth/demo-login',
    auth: 'public',
    summary: 'Local mode only: log in as a demo persona',
    tag: 'auth',
    // 404 where this kind of log-in is not offered (WeChat not configured / demo log-in off).
    problems: [404],
    body: DemoLoginBodySchema,
    response: LoginResponseSchema,
    rateLimit: 'auth',
    handler: ({ ctx, body }) => demoLogin({ ctx, input: body }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/me',
    auth: 'user',
    summary: 'The logged-in user',
    tag: 'me',
    response: MeSchema,
    handler: ({ ctx }) => getMe({ ctx }),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/me',
    auth: 'user',
    summary: 'Update my name, community or phone',
    tag: 'me',
    body: UpdateMeBodySchema,
    response: MeSchema,
    handler: ({ ctx, body }) => updateMe({ ctx, input: body }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/me/privacy-consent',
    auth: 'user',
    summary: 'Record consent to the privacy notice',
    tag: 'me',
    body: PrivacyConsentBodySchema,
    response: MeSchema,
    handler: ({ ctx, body }) => recordPrivacyConsent({ ctx, input: body }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/me/export',
    auth: 'user',
    summary: 'Everything held about me, as JSON (PIPL right of access); audited',
    tag: 'me',
    response: DataExportSchema,
    handler: ({ ctx }) => exportMyData({ ctx }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/me',
    auth: 'user',
    summary: 'Delete my account: card and personal fields cleared, public feedback kept anonymously, sessions end',
    tag: 'me',
    response: DeleteAccountResultSchema,
    rateLimit: 'auth',
    // The last admin cannot leave (LAST_ADMIN).
    problems: [409],
    handler: ({ ctx }) => deleteMyAccount({ ctx }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/me/messages',
    auth: 'user',
    summary: 'My message centre (消息), newest first, with the unread count',
    tag: 'me',
    query: MessageQuerySchema,
    response: MessagePageSchema,
    handler: ({ ctx, query }) => listMyMessages({ ctx, query }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/me/messages/read-all',
    auth: 'user',
    summary: 'Mark all my messages read',
    tag: 'me',
    response: ReadAllResultSchema,
    handler: ({ ctx }) => markAllMessagesRead({ ctx }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/me/messages/:id/read',
    auth: 'user',
    summary: 'Mark one of my messages read',
    tag: 'me',
    response: MessageSchema,
    handler: ({ ctx, params }) => markMessageRead({ ctx, id: params.id }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/me/subscriptions',
    auth: 'user',
    summary: 'My remaining one-time subscribe-message grants and the template ids to ask for',
    tag: 'me',
    response: SubscriptionsSchema,
    handler: ({ ctx }) => getMySubscriptions({ ctx }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/me/subscriptions',
    auth: 'user',
    summary: 'Record the kinds wx.requestSubscribeMessage accepted (one message each)',
    tag: 'me',
    body: SubscriptionsBodySchema,
    response: SubscriptionsSchema,
    handler: ({ ctx, body }) => recordSubscriptions({ ctx, input: body }),
  }),
];

export default createRouter(routes);
