import { Text, View } from '@tarojs/components';
import { Button, Input, TextArea } from '@nutui/nutui-react-taro';
import { Phone, Scan } from '@nutui/icons-react-taro';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { CARD_LOOKUP_REASON_MIN, qrTokenFromScan, type CardScanResult } from '../../../../../shared/card';
import { cardApi } from '../../../../api/content';
import type { ApiError } from '../../../../api/errors';
import { Banner } from '../../../../components/banner';
import { Chip, Field, FieldError } from '../../../../components/form';
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
  const [source, setSource] = useState<'scan' | 'lookup'>('scan');
  // Counts the cards shown, so a second look at the same card is visibly a new answer.
  const [seq, setSeq] = useState(0);
  const [localError, setLocalError] = useState('');
  const lookup = useMutation((token: string) => cardApi.scan(token));
  // Without a scanner: the printed number, or the address, always with a reason.
  const [by, setBy] = useState<'number' | 'address'>('number');
  const [ask, setAsk] = useState({ number: '', building: '', unit: '', room: '', name: '', reason: '' });
  const find = useMutation(() =>
    cardApi.lookup(
      by === 'number'
        ? { number: ask.number, reason: ask.reason }
        : { building: ask.building, unit: ask.unit || undefined, room: ask.room, name: ask.name || undefined, reason: ask.reason },
    ),
  );
  const findErr = (path: string) => find.error?.fieldMessage(path);
  const onFind = async () => {
    // The scan form's last error is about another attempt: clear it.
    setLocalError('');
    lookup.reset();
    setResult(null);
    const card = await find.run(undefined);
    if (card) {
      setSource('lookup');
      setResult(card);
      setSeq((n) => n + 1);
    }
  };

  const look = async (raw: string) => {
    setLocalError('');
    find.reset();
    setResult(null);
    const token = qrTokenFromScan(raw);
    if (!token) {
      setLocalError('这不是亲情卡的二维码，请重新扫描。');
      return;
    }
    const card = await lookup.run(token);
    if (card) {
      setSource('scan');
      setResult(card);
      setSeq((n) => n + 1);
    }
  };

  const field = (key: keyof typeof ask, label: string, placeholder: string) => (
    <View className="scan-field">
      <Field label={label} error={findErr(key)}>
        <Input className="sn-form__input" data-testid={`lookup-${key}`} value={ask[key]} placeholder={placeholder} maxLength={30} onChange={(v) => setAsk((a) => ({ ...a, [key]: v }))} />
      </Field>
    </View>
  );

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
  // The card shows under the form that found it, where the eye already is.
  const shown = c ? (
    <View className="sn-card scan-card" data-testid="scan-result" data-seq={seq}>
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
  ) : null;

  if (gate) return gate;
  return (
    <PageRoot className="scan-page">
      <Banner staff title="扫亲情卡" text="仅在紧急情况下使用。每次查看（扫码或查找）都会记入审计日志，居民本人也能看到是谁、为什么查看了卡片。" />
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

        {source === 'scan' ? shown : null}

        <View className="sn-card sn-form__block" data-testid="lookup">
          <Text className="sn-title">没有二维码？按卡号或住址查找</Text>
          <View className="sn-form__chips">
            <Chip on={by === 'number'} testId="lookup-by-number" onClick={() => setBy('number')}>
              按卡号
            </Chip>
            <Chip on={by === 'address'} testId="lookup-by-address" onClick={() => setBy('address')}>
              按楼栋房号
            </Chip>
          </View>
          {by === 'number' ? (
            field('number', '卡号（卡片上印的）', '如：SN-石楠-000001，或只填 000001')
          ) : (
            <>
              {field('building', '楼栋', '如：12 号楼')}
              {field('unit', '单元（可不填）', '如：2 单元')}
              {field('room', '房号', '如：301')}
              {field('name', '持卡人姓名（可不填）', '同一房号有几张卡时填写')}
            </>
          )}
          <Field label="查看原因（必填，居民本人会看到）" error={findErr('reason')}>
            <TextArea
              className="sn-form__textarea"
              data-testid="lookup-reason"
              value={ask.reason}
              rows={2}
              maxLength={100}
              placeholder={`如：独居老人家中无人应门，需联系家属（至少 ${CARD_LOOKUP_REASON_MIN} 个字）`}
              onChange={(v) => setAsk((a) => ({ ...a, reason: v }))}
            />
          </Field>
          <Button type="primary" size="large" block loading={find.pending} onClick={() => void onFind()} data-testid="lookup-submit">
            查找并查看卡片
          </Button>
          <FieldError
            testId="lookup-error"
            message={
              find.error && !find.error.fieldErrors.length
                ? find.error.status === 404
                  ? '没有找到这张卡：请核对卡号或住址，或它不属于您负责的社区。'
                  : find.error.detail
                : undefined
            }
          />
        </View>
        {source === 'lookup' ? shown : null}
      </View>
    </PageRoot>
  );
}
