import { Text, View } from '@tarojs/components';
import { Button, Dialog } from '@nutui/nutui-react-taro';
import { Phone, Edit, Eye, Refresh } from '@nutui/icons-react-taro';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { cardApi } from '../../../../api/content';
import { ErrorState } from '../../../../components/error-state';
import { FeatureIntro } from '../../../../components/feature-intro';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageHeader } from '../../../../components/page-header';
import { PageRoot } from '../../../../components/page-root';
import { useMutation } from '../../../../hooks/use-mutation';
import { useQuery } from '../../../../hooks/use-query';
import { useSession } from '../../../../hooks/use-session';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { go } from '../../../../lib/navigate';
import { QrCode } from '../../components/qr-code';
import { call } from '../../lib';
import './index.scss';
import { PAGES } from '../../../../../shared/pages';

function CallRow({ who, name, phone, testId }: { who: string; name: string; phone: string | null; testId: string }) {
  return (
    <View className="card-call" data-testid={testId}>
      <View className="card-call__text">
        <Text className="card-call__who">{who}</Text>
        <Text className="card-call__name">{name}</Text>
        {phone ? <Text className="card-call__phone">{phone}</Text> : null}
      </View>
      {phone ? (
        <Button className="card-call__btn" type="primary" icon={<Phone />} onClick={() => call(phone)}>
          拨打
        </Button>
      ) : null}
    </View>
  );
}

export default function CardPage() {
  // The card holds address and emergency contact: consent first (PIPL).
  const gate = usePageGuard('consent');
  const session = useSession();
  const consented = Boolean(session?.user.privacyConsentAt);
  const card = useQuery(consented ? `card/mine/${session!.user.id}` : null, () => cardApi.mine(), { reloadOnShow: true });
  const [askRotate, setAskRotate] = useState(false);
  const rotate = useMutation(() => cardApi.rotateQr());

  const doRotate = async () => {
    setAskRotate(false);
    const next = await rotate.run(undefined);
    if (next) {
      card.setData(next);
      void Taro.showToast({ title: '已换新二维码', icon: 'success' });
    }
  };

  const c = card.data;
  if (gate) return gate;
  return (
    <PageRoot className="card-page">
      <PageHeader eyebrow="一张卡" title="邻里亲情卡" subtitle="遇到急事，网格员和家人第一时间找到您" />
      <View className="sn-body">
        {card.loading ? <LoadingSkeleton blocks={2} /> : null}
        {card.error ? <ErrorState error={card.error} onRetry={card.reload} /> : null}
        {card.data === null ? (
          <>
            <FeatureIntro
              title="亲情卡能做什么"
              steps={[
                { title: '填写住址和家庭情况', desc: '楼栋、单元、房号和同住人数' },
                { title: '留下紧急联系人', desc: '家人的姓名、电话和关系' },
                { title: '一键呼叫', desc: '网格员和社区热线，点一下就能打' },
                { title: '出示二维码', desc: '紧急时工作人员扫码即可看到您的卡片' },
              ]}
              footer={<Text>关爱标签（如独居老人）只有您单独同意后才会保存。</Text>}
            />
            <Button className="card-page__start" type="primary" size="large" block onClick={() => go(PAGES.card.edit)} data-testid="card-start">
              填写我的亲情卡
            </Button>
          </>
        ) : null}
        {c ? (
          <>
            <View className="card-face" data-testid="card-face">
              <View className="card-face__top">
                <Text className="card-face__brand">石楠街道 · 邻里亲情卡</Text>
                <Text className="card-face__number" data-testid="card-number">
                  {c.number}
                </Text>
              </View>
              <Text className="card-face__name">{c.holder.displayName}</Text>
              <Text className="card-face__place">
                {[c.community?.name, c.grid?.name].filter(Boolean).join(' · ') || '尚未选择社区'}
              </Text>
              <Text className="card-face__address">
                {c.address.building}
                {c.address.unit ? ` ${c.address.unit}` : ''} {c.address.room} · 同住 {c.householdSize} 人
              </Text>
              {c.careTags.length ? (
                <View className="card-face__tags">
                  {c.careTags.map((t) => (
                    <Text className="card-face__tag" key={t.key}>
                      {t.name}
                    </Text>
                  ))}
                </View>
              ) : null}
            </View>

            <View className="sn-card card-qr-block">
              <QrCode value={c.qrPayload} label="亲情卡二维码" />
              <Text className="card-qr-block__hint">紧急时请出示此码，社区工作人员扫码即可看到您的住址和紧急联系人。每次查看都会记录。</Text>
              <Button size="small" fill="none" icon={<Refresh />} onClick={() => setAskRotate(true)} loading={rotate.pending} data-testid="card-rotate">
                二维码外传了？换一个
              </Button>
            </View>

            <View className="sn-card card-calls">
              <Text className="sn-title">一键呼叫</Text>
              <CallRow who="网格员" name={c.gridWorker ? `${c.gridWorker.name}（${c.grid?.name ?? ''}）` : '待社区分配'} phone={c.gridWorker?.phone ?? null} testId="call-grid-worker" />
              <CallRow who="社区热线" name={c.community?.name ?? '石楠街道'} phone={c.hotline} testId="call-hotline" />
              <CallRow who={`紧急联系人 · ${c.emergencyContact.relation}`} name={c.emergencyContact.name} phone={c.emergencyContact.phone} testId="call-emergency" />
            </View>

            <View className="card-actions">
              <Button size="large" type="default" icon={<Edit />} block onClick={() => go(PAGES.card.edit)} data-testid="card-edit">
                修改我的信息
              </Button>
              <Button size="large" type="default" icon={<Eye />} block onClick={() => go(PAGES.card.scans)} data-testid="card-scans">
                谁查看过我的卡
              </Button>
            </View>
          </>
        ) : null}
      </View>
      <Dialog
        visible={askRotate}
        title="换一个二维码？"
        content="换码后，旧的二维码（包括打印或拍照的）将立即失效。"
        confirmText="换码"
        cancelText="不换了"
        onConfirm={doRotate}
        onCancel={() => setAskRotate(false)}
      />
    </PageRoot>
  );
}
