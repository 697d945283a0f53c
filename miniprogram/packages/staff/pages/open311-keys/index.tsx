import { Text, View } from '@tarojs/components';
import { Button, Dialog, Input } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { OPEN311_KEY_NAME_MAX, type Open311Key } from '../../../../../shared/open311';
import { API_ORIGIN } from '../../../../api/client';
import { Banner } from '../../../../components/banner';
import { ErrorState } from '../../../../components/error-state';
import { FieldError } from '../../../../components/form';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageRoot } from '../../../../components/page-root';
import { useMutation } from '../../../../hooks/use-mutation';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { useQuery } from '../../../../hooks/use-query';
import { formatDate } from '../../../../lib/format';
import { adminApi } from '../../api';
import './index.scss';

/** 管理 · Open311 接入: keys for the city's system and third-party apps that post problems to the wall. */
export default function Open311KeysPage() {
  const gate = usePageGuard('staff');
  const keys = useQuery('admin/open311-keys', () => adminApi.open311Keys(), { reloadOnShow: true });
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<{ name: string; key: string } | null>(null);
  const [revoking, setRevoking] = useState<Open311Key | null>(null);
  const issue = useMutation((n: string) => adminApi.issueOpen311Key(n));
  const revoke = useMutation((id: string) => adminApi.revokeOpen311Key(id));

  const onIssue = async () => {
    const created = await issue.run(name);
    if (!created) return;
    setIssued({ name: created.name, key: created.key });
    setName('');
    await keys.reload();
  };
  const onRevoke = async () => {
    const target = revoking;
    setRevoking(null);
    if (target && (await revoke.run(target.id))) {
      void Taro.showToast({ title: '已停用', icon: 'success' });
      await keys.reload();
    }
  };
  const copy = (text: string) => void Taro.setClipboardData({ data: text });

  if (gate) return gate;
  // In H5 the API is this page's own origin (API_ORIGIN is empty): a city needs the whole address.
  const origin = API_ORIGIN || (typeof location !== 'undefined' ? location.origin : '');
  const base = `${origin}/api/open311/v2`;
  return (
    <PageRoot className="o311">
      <Banner staff title="Open311 接入" text="市里的 12345 系统或第三方应用可按 Open311 标准读取公开问题；提交问题需要这里发放的密钥。提交的问题匿名上墙，标明来源，照常受理。" />
      <View className="sn-body">
        <View className="sn-card sn-form__block">
          <Text className="sn-title">接入地址</Text>
          <Text className="o311__url" data-testid="open311-discovery" onClick={() => copy(`${base}/discovery.json`)}>
            {base}/discovery.json
          </Text>
          <Text className="sn-muted">点击复制。读取公开问题无需密钥；支持 JSON 与 XML。</Text>
        </View>

        {issued ? (
          <View className="sn-card o311__issued" data-testid="open311-issued">
            <Text className="sn-title">「{issued.name}」的密钥</Text>
            <Text className="o311__key" data-testid="open311-key">
              {issued.key}
            </Text>
            <Text className="o311__warn">密钥只显示这一次，请立即复制并交给对方；丢失后只能停用再发新的。</Text>
            <Button type="primary" block onClick={() => copy(issued.key)} data-testid="open311-copy">
              复制密钥
            </Button>
            <Button fill="outline" block onClick={() => setIssued(null)} data-testid="open311-saved">
              我已保存
            </Button>
          </View>
        ) : null}

        <View className="sn-card sn-form__block" data-testid="open311-form">
          <Text className="sn-title">发放新密钥</Text>
          <Text className="sn-form__label">使用方名称（显示在问题的来源上）</Text>
          <Input className="sn-form__input" data-testid="open311-name" value={name} maxLength={OPEN311_KEY_NAME_MAX} placeholder="例如：市 12345 平台、市民通 App" onChange={setName} />
          <FieldError message={issue.error?.fieldMessage('name') ?? (issue.error && !issue.error.fieldErrors.length ? issue.error.detail : undefined)} />
          <Button type="primary" size="large" block loading={issue.pending} onClick={onIssue} data-testid="open311-issue">
            发放密钥
          </Button>
        </View>

        {keys.loading ? <LoadingSkeleton blocks={2} rows={2} /> : null}
        {keys.error ? <ErrorState error={keys.error} onRetry={keys.reload} /> : null}
        {keys.data && keys.data.items.length === 0 ? <View className="sn-muted o311__empty">还没有发放密钥</View> : null}
        {keys.data?.items.map((k) => (
          <View className="sn-card o311__item" key={k.id} data-testid="open311-key-item">
            <Text className="o311__item-name">{k.name}</Text>
            <Text className="sn-muted">
              {k.prefix}… · {formatDate(k.createdAt)} 发放 · 已提交 {k.requestCount} 条{k.lastUsedAt ? ` · 最近 ${formatDate(k.lastUsedAt)}` : ''}
            </Text>
            <View className="o311__item-actions">
              <Button size="small" fill="outline" className="o311__revoke" onClick={() => setRevoking(k)} data-testid="open311-revoke">
                停用
              </Button>
            </View>
          </View>
        ))}
      </View>
      <Dialog
        visible={revoking !== null}
        title="停用这个密钥？"
        content={revoking ? `「${revoking.name}」将不能再提交问题，已提交的问题不受影响。` : ''}
        confirmText="停用"
        cancelText="取消"
        onConfirm={onRevoke}
        onCancel={() => setRevoking(null)}
      />
    </PageRoot>
  );
}
