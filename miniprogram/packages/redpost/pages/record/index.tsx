import { Canvas, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { YearlyRecord } from '../../../../../shared/redpost';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageRoot } from '../../../../components/page-root';
import { useQuery } from '../../../../hooks/use-query';
import { useSession } from '../../../../hooks/use-session';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { saveImageToAlbum } from '../../../../lib/device';
import { redpostApi } from '../../api';
import { dayLabel, hoursText, stars } from '../../format';
import { drawRecord, RECORD_IMAGE_WIDTH, recordImageHeight, type Canvas2D } from '../../record-image';
import '../../redpost.scss';
import './index.scss';
import { streetYear } from '../../../../../shared/time';

const CANVAS_ID = 'rp-record-canvas';
/** Pixels per drawing unit: sharp on a phone screen and in the family chat. */
const IMAGE_SCALE = 2;

/** The <canvas type="2d"> node on this page (WeChat hands it over through a selector query). */
function canvasNode(): Promise<Taro.Canvas> {
  return new Promise((resolve, reject) => {
    Taro.createSelectorQuery()
      .select(`#${CANVAS_ID}`)
      .fields({ node: true, size: true })
      .exec((res: { node?: Taro.Canvas }[] | null) => {
        const node = res?.[0]?.node;
        if (node) resolve(node);
        else reject(new Error('the record canvas is not on the page'));
      });
  });
}

/** Draws the record on the canvas 2d node and saves it to the album (weapp only). */
async function saveAsImage(r: YearlyRecord) {
  const canvas = await canvasNode();
  const height = recordImageHeight(r);
  canvas.width = RECORD_IMAGE_WIDTH * IMAGE_SCALE;
  canvas.height = height * IMAGE_SCALE;
  const ctx = canvas.getContext('2d') as unknown as Canvas2D & { scale(x: number, y: number): void };
  ctx.scale(IMAGE_SCALE, IMAGE_SCALE);
  drawRecord(ctx, r);
  const { tempFilePath } = await Taro.canvasToTempFilePath({ canvas, fileType: 'png' });
  await saveImageToAlbum(tempFilePath);
}

/** 年度档案: every shift and order with hours, the year's stars; shareable as an image. */
export default function RecordPage() {
  const gate = usePageGuard('login');
  const session = useSession();
  const thisYear = streetYear(new Date());
  const [year, setYear] = useState(thisYear);
  const record = useQuery(session ? `rp/record/${year}` : null, () => redpostApi.record(year), { reloadOnShow: true });
  const [saving, setSaving] = useState(false);

  if (gate) return gate;
  if (record.loading) return <PageRoot><LoadingSkeleton /></PageRoot>;
  if (record.error || !record.data) return <PageRoot>{record.error ? <ErrorState error={record.error} onRetry={record.reload} /> : null}</PageRoot>;
  const r = record.data;

  const onShare = async () => {
    if (process.env.TARO_ENV !== 'weapp') {
      if (typeof window !== 'undefined') window.print();
      return;
    }
    setSaving(true);
    try {
      await saveAsImage(r);
    } catch {
      // Drawing failed (the album's own failures are handled in saveImageToAlbum).
      void Taro.showToast({ title: '图片生成失败，请稍后再试', icon: 'none' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <PageRoot className="rp-record">
      <View className="sn-body">
        <View className="rp-chips rp-noprint">
          {[thisYear, thisYear - 1].map((y) => (
            <Text key={y} className={`rp-chip ${year === y ? 'rp-chip--on' : ''}`} onClick={() => setYear(y)}>
              {y} 年
            </Text>
          ))}
        </View>
        <View className="rp-record__card" data-testid="record-card">
          <View className="rp-record__band">
            <Text className="rp-record__title">{r.year} 年度红岗志愿服务档案</Text>
            <Text className="rp-record__sub">石楠街道 · 石楠邻里</Text>
          </View>
          <View className="rp-record__body">
            <Text className="rp-record__name">{r.realName}{r.isPartyMember ? '（中共党员）' : ''}</Text>
            {r.workUnit ? <Text className="rp-note">工作单位：{r.workUnit}</Text> : null}
            <View className="rp-stats rp-record__stats">
              <View className="rp-stat">
                <Text className="rp-stat__num" data-testid="record-hours">{r.hours}</Text>
                <Text className="rp-stat__label">服务小时</Text>
              </View>
              <View className="rp-stat">
                <Text className="rp-stat__num">{r.shiftCount}</Text>
                <Text className="rp-stat__label">红岗值守</Text>
              </View>
              <View className="rp-stat">
                <Text className="rp-stat__num">{r.orderCount}</Text>
                <Text className="rp-stat__label">上门服务</Text>
              </View>
            </View>
            <Text className="rp-record__stars">{r.stars ? `星级评定 ${stars(r.stars)}` : '年度星级待评定'}</Text>
            {!r.items.length ? <Text className="rp-empty">这一年还没有服务记录</Text> : null}
            {r.items.map((it) => (
              <View key={`${it.sourceType}-${it.sourceId}`} className="rp-record__row" data-testid="record-row">
                <View className="rp-record__row-text">
                  <Text className="rp-record__row-title">{it.title}</Text>
                  <Text className="rp-record__row-meta">{dayLabel(it.servedAt)} · {it.category}</Text>
                </View>
                <Text className="rp-record__row-hours">{hoursText(it.minutes)}</Text>
              </View>
            ))}
          </View>
        </View>
        <View className="rp-actions rp-noprint">
          <Button type="primary" size="large" block loading={saving} onClick={onShare} data-testid="share-record">
            {process.env.TARO_ENV === 'weapp' ? '保存为图片，发给家人' : '打印 / 保存这张档案'}
          </Button>
        </View>
        {/* Off screen; its CSS size is the drawing's units, its pixel size is set before drawing. */}
        {process.env.TARO_ENV === 'weapp' ? (
          <Canvas type="2d" id={CANVAS_ID} className="rp-record__canvas" style={{ width: `${RECORD_IMAGE_WIDTH}px`, height: `${recordImageHeight(r)}px` }} />
        ) : null}
      </View>
    </PageRoot>
  );
}
