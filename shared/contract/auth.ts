import {
  DemoLoginBodySchema,
  LoginBodySchema,
  LoginResponseSchema,
  MeSchema,
  PrivacyConsentBodySchema,
  UpdateMeBodySchema,
} from '../auth';
import { DataExportSchema, DeleteAccountResultSchema } from '../data-rights';
import {
  BadgesSchema,
  MessagePageSchema,
  MessageQuerySchema,
  MessageSchema,
  ReadAllResultSchema,
  SubscriptionsBodySchema,
  SubscriptionsSchema,
} from '../notifications';
import { authPaths as p } from './auth.paths';
import { route } from './route';
import { ID_PARAMS } from '../params';

/** /api/auth/* and /api/me*: who the caller is. */
export const authRoutes = {
  login: route(p.login, {
    auth: 'public',
    summary: 'Exchange a wx.login code for a session token',
    tag: 'auth',
    // 404 where this kind of log-in is not offered (WeChat not configured / demo log-in off).
    problems: [404],
    body: LoginBodySchema,
    response: LoginResponseSchema,
    rateLimit: 'auth',
  }),
  demoLogin: route(p.demoLogin, {
    auth: 'public',
    summary: 'Local mode only: log in as a demo persona',
    tag: 'auth',
    // 404 where this kind of log-in is not offered (WeChat not configured / demo log-in off).
    problems: [404],
    body: DemoLoginBodySchema,
    response: LoginResponseSchema,
    rateLimit: 'auth',
  }),
  me: route(p.me, {
    auth: 'user',
    summary: 'The logged-in user',
    tag: 'me',
    response: MeSchema,
  }),
  updateMe: route(p.updateMe, {
    auth: 'user',
    summary: 'Update my name, community or phone',
    tag: 'me',
    body: UpdateMeBodySchema,
    response: MeSchema,
  }),
  privacyConsent: route(p.privacyConsent, {
    auth: 'user',
    summary: 'Record consent to the privacy notice',
    tag: 'me',
    body: PrivacyConsentBodySchema,
    response: MeSchema,
  }),
  exportMyData: route(p.exportMyData, {
    auth: 'user',
    summary: 'Everything held about me, as JSON (PIPL right of access); audited',
    tag: 'me',
    response: DataExportSchema,
  }),
  deleteMe: route(p.deleteMe, {
    auth: 'user',
    summary: 'Delete my account: card and personal fields cleared, public feedback kept anonymously, sessions end',
    tag: 'me',
    response: DeleteAccountResultSchema,
    rateLimit: 'auth',
    // The last admin cannot leave (LAST_ADMIN).
    problems: [409],
  }),
  badges: route(p.badges, {
    auth: 'user',
    summary: 'My counts for the tab bar: unread messages and, for a confirmed volunteer, orders waiting in the pool',
    tag: 'me',
    response: BadgesSchema,
  }),
  messages: route(p.messages, {
    auth: 'user',
    summary: 'My message centre (消息), newest first, with the unread count',
    tag: 'me',
    query: MessageQuerySchema,
    response: MessagePageSchema,
  }),
  readAllMessages: route(p.readAllMessages, {
    auth: 'user',
    summary: 'Mark all my messages read',
    tag: 'me',
    response: ReadAllResultSchema,
  }),
  readMessage: route(p.readMessage, {
    params: ID_PARAMS,
    auth: 'user',
    summary: 'Mark one of my messages read',
    tag: 'me',
    response: MessageSchema,
  }),
  subscriptions: route(p.subscriptions, {
    auth: 'user',
    summary: 'My remaining one-time subscribe-message grants and the template ids to ask for',
    tag: 'me',
    response: SubscriptionsSchema,
  }),
  recordSubscriptions: route(p.recordSubscriptions, {
    auth: 'user',
    summary: 'Record the kinds wx.requestSubscribeMessage accepted (one message each)',
    tag: 'me',
    body: SubscriptionsBodySchema,
    response: SubscriptionsSchema,
  }),
};
