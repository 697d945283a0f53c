import { Image, Map as WxMap, Text, View } from '@tarojs/components';
import type { FeedbackPublicItem } from '../../../../shared/feedback';
import { go } from '../../../lib/navigate';
import { PAGES } from '../../../../shared/pages';

/** Marker colours: red overdue, orange 整改中, blue 待受理 (the same as the wall's cards). */
const COLOUR = { overdue: '#c8102e', in_progress: '#e37318', submitted: '#0052d9' } as const;
const colourOf = (i: FeedbackPublicItem) => (i.overdue ? COLOUR.overdue : i.status === 'in_progress' ? COLOUR.in_progress : COLOUR.submitted);

/** Whether this build can show the map: always on WeChat, on H5 only with a TMAP_KEY. */
export const HAS_MAP = process.env.TARO_ENV === 'weapp' || (process.env.TARO_ENV === 'h5' && Boolean(TMAP_KEY));

const STATIC_COLOUR = { overdue: 'red', in_progress: 'orange', submitted: 'blue' } as const;

/** H5: Tencent's static map (WebServiceAPI 静态图) with one marker group per colour. */
function staticMapUrl(items: FeedbackPublicItem[], lat: number, lng: number): string {
  const groups = new Map<string, string[]>();
  for (const i of items) {
    const c = i.overdue ? STATIC_COLOUR.overdue : i.status === 'in_progress' ? STATIC_COLOUR.in_progress : STATIC_COLOUR.submitted;
    groups.set(c, [...(groups.get(c) ?? []), `${i.latitude},${i.longitude}`]);
  }
  const markers = [...groups.entries()].map(([c, pts]) => `markers=${encodeURIComponent(`size:large|color:${c}|${pts.join('|')}`)}`);
  return `https://apis.map.qq.com/ws/staticmap/v2/?center=${lat},${lng}&zoom=15&size=750*600&scale=2&${markers.join('&')}&key=${encodeURIComponent(TMAP_KEY)}`;
}

/**
 * The open items with a map point, on WeChat's native <map> (no key needed in the mini-program).
 * Each marker is a coloured dot with the title on tap; the callout opens the item.
 */
export function WallMap({ items }: { items: FeedbackPublicItem[] }) {
  const placed = items.filter((i) => i.latitude !== null && i.longitude !== null);
  if (!placed.length) return <View className="fb-empty">这些问题还没有标在地图上</View>;
  const lat = placed.reduce((s, i) => s + i.latitude!, 0) / placed.length;
  const lng = placed.reduce((s, i) => s + i.longitude!, 0) / placed.length;
  const markers = placed.map((i, n) => ({
    id: n,
    latitude: i.latitude!,
    longitude: i.longitude!,
    width: 28,
    height: 28,
    iconPath: '',
    title: i.title,
    label: { content: i.overdue ? '超期' : i.statusName, color: '#ffffff', bgColor: colourOf(i), fontSize: 12, padding: 4, borderRadius: 6, anchorX: -14, anchorY: -40 },
    callout: { content: `${i.title}\n${i.overdue ? '已超期' : i.statusName} · 点此查看`, display: 'BYCLICK', padding: 8, borderRadius: 8, color: '#1f2329', bgColor: '#ffffff', fontSize: 14 },
  }));
  const open = (e: { detail: { markerId?: number } }) => {
    const item = placed[e.detail.markerId ?? -1];
    if (item) go(PAGES.feedback.detail, { id: item.id });
  };
  return (
    <View data-testid="wall-map">
      {process.env.TARO_ENV === 'h5' ? (
        <Image className="fb-map" mode="aspectFill" src={staticMapUrl(placed, lat, lng)} />
      ) : (
      <WxMap
        className="fb-map"
        latitude={lat}
        longitude={lng}
        scale={15}
        markers={markers as never}
        onCalloutTap={open as never}
        onError={() => undefined}
        showLocation={false}
      />
      )}
      <View className="fb-map__legend">
        <Text style={{ color: COLOUR.overdue }}>● 已超期</Text>
        <Text style={{ color: COLOUR.in_progress }}>● 整改中</Text>
        <Text style={{ color: COLOUR.submitted }}>● 待受理</Text>
      </View>
    </View>
  );
}
