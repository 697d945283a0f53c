import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import type { PlaceInput } from '../../../../shared/places';
import { communitiesApi } from '../../../api/content';
import { Chip } from '../../../components/form';
import { useQuery } from '../../../hooks/use-query';
import './place-picker.scss';

/** What the form keeps of the place: the picked building or grid, and a map point. */
export interface PlaceDraft {
  building: string;
  gridId: string;
  lat: number | null;
  lng: number | null;
  address: string;
}
export const EMPTY_PLACE: PlaceDraft = { building: '', gridId: '', lat: null, lng: null, address: '' };

/** The request's `place`, or undefined when nothing was picked. */
export function placeOf(d: PlaceDraft): PlaceInput | undefined {
  const p: PlaceInput = {};
  if (d.building) p.building = d.building;
  else if (d.gridId) p.gridId = d.gridId;
  if (d.lat !== null && d.lng !== null) {
    p.lat = d.lat;
    p.lng = d.lng;
  }
  if (d.address) p.address = d.address;
  return Object.keys(p).length ? p : undefined;
}

/**
 * Where it is, in the words residents know: tap the building (grouped by grid), or only the
 * grid when it is not in a building. On WeChat, also a point on the map (chooseLocation,
 * declared in requiredPrivateInfos and asked only at this tap).
 */
export function PlacePicker({ communityId, value, onChange }: { communityId: string | null; value: PlaceDraft; onChange: (next: PlaceDraft) => void }) {
  const grids = useQuery(communityId ? `places/grids/${communityId}` : null, () => communitiesApi.grids(communityId!));
  const pickOnMap = async () => {
    try {
      const at = await Taro.chooseLocation({ ...(value.lat !== null && value.lng !== null ? { latitude: value.lat, longitude: value.lng } : {}) });
      onChange({ ...value, lat: at.latitude, lng: at.longitude, address: [at.address, at.name].filter(Boolean).join(' ') });
    } catch {
      // Cancelled, or location not allowed: the building pick is enough.
    }
  };
  return (
    <View data-testid="place-picker">
      {grids.data?.length ? (
        <>
          <Text className="sn-muted">点一下是哪栋楼（问题会先交给这栋楼的网格员）</Text>
          {grids.data.map((g) => (
            <View key={g.id} className="fb-place__grid">
              <Text className="fb-place__grid-name">
                {g.name}
                {g.gridWorker ? ` · 网格员 ${g.gridWorker.name}` : ''}
              </Text>
              <View className="sn-form__chips">
                {g.buildings.map((b) => (
                  <Chip key={b} on={value.building === b} testId={`place-building-${b}`} onClick={() => onChange({ ...value, building: value.building === b ? '' : b, gridId: value.building === b ? '' : g.id })}>
                    {b}
                  </Chip>
                ))}
                <Chip on={!value.building && value.gridId === g.id} testId={`place-grid-${g.id}`} onClick={() => onChange({ ...value, building: '', gridId: !value.building && value.gridId === g.id ? '' : g.id })}>
                  不在楼里
                </Chip>
              </View>
            </View>
          ))}
        </>
      ) : null}
      {process.env.TARO_ENV === 'weapp' ? (
        <View className="fb-place__map">
          <Button size="small" fill="outline" onClick={pickOnMap} data-testid="place-map">
            {value.lat !== null ? '重新在地图上选' : '在地图上选位置'}
          </Button>
          {value.lat !== null ? <Text className="sn-muted">{value.address || '已选好地图位置'}</Text> : null}
        </View>
      ) : null}
    </View>
  );
}
