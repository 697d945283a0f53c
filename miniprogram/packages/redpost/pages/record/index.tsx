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
import '../../redpost.scss';
import './index.scss';

const CANVAS_W = 600;
const LINE = 44;

/** Draws the record as an image a volunteer can save and send (weapp only). */
async function saveAsImage(r: YearlyRecord) {
  const rows = r.items.slice(0, 12);
  const height = 420 + rows.length * LINE + 80;
  const ctx = Taro.createCanvasContext('rp-record-canvas');
  ctx.setFillStyle('#fffaf5');
  ctx.fillRect(0, 0, CANVAS_W, height);
  ctx.setFillStyle('#c8102e');
  ctx.fillRect(0, 0, CANVAS_W, 150);
  ctx.setFillStyle('#ffffff');
  ctx.setFontSize(34);
  ctx.fillText(`${r.year} 年度红岗志愿服务档案`, 32, 70);
  ctx.setFontSize(24);
  ctx.fillText('石楠街道 · 石楠邻里', 32, 116);
  ctx.setFillStyle('#1c1f24');
  ctx.setFontSize(32);
  ctx.fillText(`${r.realName}${r.isPartyMember ? '（中共党员）' : ''}`, 32, 210);
  ctx.setFontSize(24);
  ctx.setFillStyle('#5a5e66');
  if (r.workUnit) ctx.fillText(`工作单位：${r.workUnit}`, 32, 252);
  ctx.setFillStyle('#c8102e');
  ctx.setFontSize(44);
  ctx.fillText(`${r.hours} 小时`, 32, 320);
  ctx.setFontSize(24);
  ctx.setFillStyle('#5a5e66');
  ctx.fillText(`红岗值守 ${r.shiftCount} 次 · 菜单式服务 ${r.orderCount} 次${r.stars ? ` · 星级 ${stars(r.stars)}` : ''}`, 32, 366);
  ctx.setFillStyle('#1c1f24');
  rows.forEach((it, i) => {
    const y = 420 + i * LINE;
    ctx.fillText(`${dayLabel(it.servedAt).split(' ')[0]}  ${it.category}  ${it.title}`.slice(0, 26), 32, y);
    ctx.fillText(`${it.hours} 小时`, CANVAS_W - 130, y);
  });
  await new Promise<void>((resolve) => ctx.draw(false, () => resolve()));
  const { tempFilePath } = await Taro.canvasToTempFilePath({ canvasId: 'rp-record-canvas', width: CANVAS_W, height, destWidth: CANVAS_W * 2, destHeight: height * 2 });
  await saveImageToAlbum(tempFilePath);
}

/** 年度档案: every shift and order with hours, the year's stars; shareable as an image. */
export default function RecordPage() {
  const gate = usePageGuard('login');
  const session = useSession();
  const thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
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
        {/* px on purpose: the canvas is off screen and its size must equal the drawing's px coordinates. */}
        {process.env.TARO_ENV === 'weapp' ? (
          <Canvas canvasId="rp-record-canvas" className="rp-record__canvas" style={{ width: `${CANVAS_W}px`, height: `${420 + Math.min(r.items.length, 12) * LINE + 80}px` }} />
        ) : null}
      </View>
    </PageRoot>
  );
}
