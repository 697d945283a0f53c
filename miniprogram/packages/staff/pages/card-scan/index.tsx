import { Text, View } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { Phone, Scan } from '@nutui/icons-react-taro';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { qrTokenFromScan, type CardScanResult } from '../../../../../shared/card';
import { cardApi } from '../../../../api/content';
import type { ApiError } from '../../../../api/errors';
import { Banner } from '../../../../components/banner';
import { FieldError } from '../../../../components/form';
import { PageRoot } from '../../../../components/page-root';
import { useMutation } from '../../../../hooks/use-mutation';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { callPhone } from '../../../../lib/device';
import './index.scss';

const call = (phone: string | null | undefined) => void callPhone(phone);

function Row({ label, value, phone, testId }: { label: string; value: string; phone?: string | null; testId?: string }) {
  return (
    <View className="scan-row" data-testid={testId}>
      <View className="scan-row__text">
        <Text className="scan-row__label">{label}</Text>
        <Text className="scan-row__value">{value}</Text>
      </View>
      {phone ? (
        <Button type="primary" icon={<Phone />} onClick={() => call(phone)}>
          拨打
        </Button>
      ) : null}
    </View>
  );
}

/** Staff in an emergency: scan a resident's card (weapp camera) or paste what a scanner read (PC / H5). */
export default function CardScanPage() {
  const gate = usePageGuard('staff');
  const [code, setCode] = useState('');
  const [result, setResult] = useState<CardScanResult | null>(null);
  const [localError, setLocalError] = useState('');
  const lookup = useMutation((token: string) => cardApi.scan(token));

  const look = async (raw: string) => {
    setLocalError('');
    setResult(null);
    const token = qrTokenFromScan(raw);
    if (!token) {
      setLocalError('这不是亲情卡的二维码，请重新扫描。');
      return;
    }
    const card = await lookup.run(token);
    if (card) setResult(card);
  };

  const scan = async () => {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      await look(r.result);
    } catch {
      /* cancelled */
    }
  };

  const err: ApiError | undefined = lookup.error;
  const c = result;
  if (gate) return gate;
  return (
    <PageRoot className="scan-page">
      <Banner staff title="扫亲情卡" text="仅在紧急情况下使用。每次查看都会记入审计日志，居民本人也能看到是谁查看了卡片。" />
      <View className="sn-body">
        <View className="sn-card sn-form__block">
          {process.env.TARO_ENV === 'weapp' ? (
            <Button type="primary" size="large" block icon={<Scan />} onClick={scan} data-testid="scan-camera">
              打开相机扫码
            </Button>
          ) : null}
          <Text className="sn-form__sub">{process.env.TARO_ENV === 'weapp' ? '或粘贴扫码枪读到的内容' : '粘贴扫码枪读到的内容'}</Text>
          <Input className="sn-form__input" data-testid="scan-code" value={code} placeholder="SNCARD:…" onChange={setCode} />
          <Button type="primary" fill={process.env.TARO_ENV === 'weapp' ? 'outline' : 'solid'} size="large" block loading={lookup.pending} onClick={() => look(code)} data-testid="scan-submit">
            查看卡片
          </Button>
          <FieldError
            testId="scan-error"
            message={localError || (err ? (err.status === 404 ? '没有找到这张卡：二维码可能已换新，或不属于您负责的社区。' : err.detail) : undefined)}
          />
        </View>

        {c ? (
          <View className="sn-card scan-card" data-testid="scan-result">
            <View className="scan-card__head">
              <Text className="scan-card__name">{c.holder.displayName}</Text>
              <Text className="scan-card__number">{c.number}</Text>
            </View>
            {c.careTags.length ? (
              <View className="scan-card__tags">
                {c.careTags.map((t) => (
                  <Text className="scan-card__tag" key={t.key}>
                    {t.name}
                  </Text>
                ))}
              </View>
            ) : null}
            <Row label="住址" value={`${c.community?.name ?? ''} ${c.address.building}${c.address.unit ? ` ${c.address.unit}` : ''} ${c.address.room}`.trim()} testId="scan-address" />
            <Row label="同住人数" value={`${c.householdSize} 人`} />
            <Row label={`紧急联系人 · ${c.emergencyContact.relation}`} value={`${c.emergencyContact.name} ${c.emergencyContact.phone}`} phone={c.emergencyContact.phone} testId="scan-emergency" />
            {c.holder.phone ? <Row label="本人电话" value={c.holder.phone} phone={c.holder.phone} /> : null}
            {c.gridWorker ? <Row label={`网格员 · ${c.grid?.name ?? ''}`} value={`${c.gridWorker.name} ${c.gridWorker.phone}`} phone={c.gridWorker.phone} /> : null}
            <Text className="sn-muted">本次查看已记录（{c.scannedAt.slice(0, 16).replace('T', ' ')}）</Text>
          </View>
        ) : null}
      </View>
    </PageRoot>
  );
}
