import { Text, View } from '@tarojs/components';
import { Button, Checkbox } from '@nutui/nutui-react-taro';
import { useState, type ReactNode } from 'react';
import { careTagName } from '../../../../../shared/card';
import type { DataExport } from '../../../../../shared/data-rights';
import { FEEDBACK_STATUS_NAMES, type FeedbackStatus } from '../../../../../shared/feedback';
import { REQUEST_STATUS_NAMES, type RequestStatus } from '../../../../../shared/requests';
import { ROLE_NAMES, type Role } from '../../../../../shared/auth';
import { deskApi } from '../../../../api/desk';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageHeader } from '../../../../components/page-header';
import { PageRoot } from '../../../../components/page-root';
import { Section } from '../../../../components/section';
import { useQuery } from '../../../../hooks/use-query';
import { useSession } from '../../../../hooks/use-session';
import { copyText } from '../../../../lib/device';
import { formatDate } from '../../../../lib/format';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { deleteMyAccount } from '../../../../lib/delete-account';
import './index.scss';

type Rec = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className="mydata__row">
      <Text className="mydata__label">{label}</Text>
      <Text className="mydata__value">{children}</Text>
    </View>
  );
}

function Item({ title, meta }: { title: string; meta: string }) {
  return (
    <View className="mydata__item">
      <Text className="mydata__item-title">{title}</Text>
      <Text className="mydata__item-meta">{meta}</Text>
    </View>
  );
}

function Block({ title, count, children, testId }: { title: string; count?: number; children: ReactNode; testId: string }) {
  return (
    <Section title={count === undefined ? title : `${title}（${count}）`}>
      <View className="sn-card" data-testid={testId}>
        {children}
      </View>
    </Section>
  );
}

function Empty({ text }: { text: string }) {
  return <Text className="mydata__empty">{text}</Text>;
}

function Readable({ d }: { d: DataExport }) {
  const p = d.profile as Rec;
  const card = d.card as (Rec & { address: Rec; emergencyContact: Rec; careTags: string[] }) | null;
  const v = d.volunteer;
  const vp = v.profile as Rec | null;
  const minutes = v.hours.reduce((s, h) => s + Number((h as Rec).minutes ?? 0), 0);
  return (
    <>
      <Block title="基本信息" testId="data-profile">
        <Row label="称呼">{str(p.displayName)}</Row>
        <Row label="身份">{ROLE_NAMES[p.role as Role] ?? str(p.role)}</Row>
        <Row label="手机号">{str(p.phone)}</Row>
        <Row label="所在社区">{str(p.community)}</Row>
        <Row label="注册时间">{formatDate(p.createdAt as string)}</Row>
        <Row label="隐私说明">{d.consents.privacyConsentAt ? `已同意 · ${formatDate(d.consents.privacyConsentAt)}` : '尚未同意'}</Row>
        {d.consents.privacyConsentVersion ? <Row label="说明版本">{d.consents.privacyConsentVersion}</Row> : null}
      </Block>
      <Block title="邻里亲情卡" testId="data-card">
        {card ? (
          <>
            <Row label="卡号">{str(card.number)}</Row>
            <Row label="住址">{`${str(card.address.building)} ${card.address.unit ? `${card.address.unit} ` : ''}${str(card.address.room)}`}</Row>
            <Row label="同住人数">{str(card.householdSize)}</Row>
            <Row label="关爱标签">{card.careTags.length ? card.careTags.map(careTagName).join('、') : '无'}</Row>
            <Row label="紧急联系人">{`${str(card.emergencyContact.name)}（${str(card.emergencyContact.relation)}）${str(card.emergencyContact.phone)}`}</Row>
            <Row label="工作人员查看">{d.cardScans.length ? `${d.cardScans.length} 次，最近 ${formatDate((d.cardScans[0] as Rec).at as string)}` : '从未被查看'}</Row>
          </>
        ) : (
          <Empty text="您还没有填写亲情卡" />
        )}
      </Block>
      <Block title="我的服务订单" count={d.orders.length} testId="data-orders">
        {d.orders.length ? (
          d.orders.map((o) => {
            const r = o as Rec;
            return (
              <Item key={String(r.code)} title={str(r.service)} meta={`${formatDate(r.createdAt as string)} · ${REQUEST_STATUS_NAMES[r.status as RequestStatus] ?? str(r.status)} · ${str(r.code)}`} />
            );
          })
        ) : (
          <Empty text="没有订单" />
        )}
      </Block>
      <Block title="我反映的问题" count={d.feedback.length} testId="data-feedback">
        {d.feedback.length ? (
          d.feedback.map((f) => {
            const r = f as Rec & { replies: unknown[] };
            return (
              <Item key={String(r.code)} title={str(r.title)} meta={`${formatDate(r.createdAt as string)} · ${FEEDBACK_STATUS_NAMES[r.status as FeedbackStatus] ?? str(r.status)} · ${r.replies.length} 条回复`} />
            );
          })
        ) : (
          <Empty text="没有反映过问题" />
        )}
      </Block>
      <Block title="志愿服务" testId="data-volunteer">
        {vp ? (
          <>
            <Row label="姓名">{str(vp.realName)}</Row>
            <Row label="工作单位">{str(vp.workUnit)}</Row>
            <Row label="报名班次">{`${v.signups.length} 次`}</Row>
            <Row label="服务时长">{`${Math.round((minutes / 60) * 10) / 10} 小时`}</Row>
          </>
        ) : (
          <Empty text="没有登记为志愿者" />
        )}
      </Block>
      <Block title="消息" count={d.notifications.length} testId="data-notifications">
        {d.notifications.length ? <Row label="最近一条">{str((d.notifications[0] as Rec).title)}</Row> : <Empty text="没有消息" />}
      </Block>
    </>
  );
}

/** 我的数据 (PIPL): see everything held about me, keep a copy, or close the account. */
export default function MyDataPage() {
  const gate = usePageGuard('login');
  const session = useSession();
  const { data, error, loading, reload } = useQuery(session ? `me/export/${session.user.id}` : null, deskApi.exportMyData);
  const [confirming, setConfirming] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const [deleting, setDeleting] = useState(false);

  const copy = async () => {
    if (!data) return;
    await copyText(JSON.stringify(data, null, 2), '已复制全部数据');
  };

  const download = () => {
    if (!data || typeof document === 'undefined') return;
    const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `石楠邻里-我的数据-${data.exportedAt.slice(0, 10)}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  const deleteAccount = async () => {
    setDeleting(true);
    try {
      await deleteMyAccount();
    } finally {
      setDeleting(false);
    }
  };

  if (gate) return gate;
  return (
    <PageRoot className="mydata">
      <PageHeader eyebrow="个人信息保护" title="我的数据" subtitle="街道保存的关于您的全部信息，您可以查看、保存，或注销账号" />
      <View className="sn-body">
        {error ? <ErrorState error={error} onRetry={reload} /> : null}
        {loading ? <LoadingSkeleton blocks={3} /> : null}
        {data ? (
          <>
            <View className="mydata__actions">
              <Button type="primary" size="large" block onClick={copy} data-testid="copy-data">
                复制全部数据
              </Button>
              {process.env.TARO_ENV === 'h5' ? (
                <Button size="large" block fill="outline" type="primary" onClick={download} data-testid="download-data">
                  下载数据文件（JSON）
                </Button>
              ) : null}
              <Text className="mydata__hint">复制后可粘贴到“文件传输助手”保存。导出于 {formatDate(data.exportedAt)}。</Text>
            </View>
            <Readable d={data} />
          </>
        ) : null}

        <Section title="注销账号">
          <View className="sn-card mydata__danger" data-testid="delete-panel">
            <Text className="mydata__p">注销后：</Text>
            <Text className="mydata__p">· 亲情卡、紧急联系人、志愿者登记和消息会被删除；</Text>
            <Text className="mydata__p">· 手机号、姓名等个人信息会被清除，未完成的订单会取消，已报名的班次会让给候补的志愿者；</Text>
            <Text className="mydata__p">· 您公开反映的问题会匿名保留在问题墙上，供街道接受监督；</Text>
            <Text className="mydata__p mydata__p--strong">· 注销不能撤销，之后需要重新注册。</Text>
            {!confirming ? (
              <Button className="mydata__delete" size="large" block fill="outline" onClick={() => setConfirming(true)} data-testid="delete-start">
                我要注销账号
              </Button>
            ) : (
              <View className="mydata__confirm">
                <Checkbox checked={understood} onChange={setUnderstood} data-testid="delete-understood" label="我已了解以上内容，确定注销" />
                <View className="mydata__confirm-buttons">
                  <Button className="mydata__confirm-button" size="large" fill="outline" onClick={() => { setConfirming(false); setUnderstood(false); }} data-testid="delete-cancel">
                    不注销了
                  </Button>
                  <Button className="mydata__confirm-button" size="large" type="primary" disabled={!understood} loading={deleting} onClick={deleteAccount} data-testid="delete-confirm">
                    确认注销
                  </Button>
                </View>
              </View>
            )}
          </View>
        </Section>
      </View>
    </PageRoot>
  );
}
