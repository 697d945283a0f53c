import { Text, View } from '@tarojs/components';
import './index.scss';

export interface ColumnDatum {
  label: string;
  value: number;
}

/**
 * Vertical bars drawn with plain Views (no canvas, no chart library), so the same chart
 * renders on weapp, on PC WeChat and in H5. The newest bar is highlighted and labelled.
 */
export function ColumnChart({ data, unit, latest, tone = 'brand', testId, every = 3, total: given }: { data: ColumnDatum[]; unit: string; latest: string; tone?: 'brand' | 'teal' | 'gold' | 'blue'; testId?: string; every?: number; /** Rounded once by the server, where the bars are rounded each. */ total?: number }) {
  const max = Math.max(1, ...data.map((d) => d.value));
  const total = given ?? data.reduce((s, d) => s + d.value, 0);
  const last = data[data.length - 1];
  return (
    <View className={`sn-chart sn-chart--${tone}`} data-testid={testId}>
      <View className="sn-chart__summary">
        <Text className="sn-chart__big">{last ? formatNumber(last.value) : 0}</Text>
        <Text className="sn-chart__unit">{unit} · {latest}</Text>
        <Text className="sn-chart__total">合计 {formatNumber(total)}</Text>
      </View>
      <View className="sn-chart__plot" aria-label={data.map((d) => `${d.label} ${d.value}${unit}`).join('，')}>
        {data.map((d, i) => (
          <View className="sn-chart__col" key={d.label}>
            <Text className="sn-chart__value">{d.value ? formatNumber(d.value) : ''}</Text>
            <View className="sn-chart__track">
              <View
                className={`sn-chart__bar ${i === data.length - 1 ? 'sn-chart__bar--now' : ''}`}
                style={{ height: `${d.value ? Math.max(4, (d.value / max) * 100) : 0}%` }}
              />
            </View>
            <Text className="sn-chart__label">{(data.length - 1 - i) % every === 0 ? d.label : ''}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

export interface BarDatum {
  label: string;
  /** 0..1 of the bar's width. */
  ratio: number;
  /** What is written at the end of the bar. */
  text: string;
  /** e.g. "12 件，按期 9 件" */
  note?: string;
  warn?: boolean;
}

/** Horizontal bars with the label above: long Chinese names never get squeezed. */
export function BarList({ data, empty, testId }: { data: BarDatum[]; empty: string; testId?: string }) {
  if (!data.length) return <Text className="sn-bars__empty">{empty}</Text>;
  return (
    <View className="sn-bars" data-testid={testId}>
      {data.map((d) => (
        <View className="sn-bars__row" key={d.label}>
          <View className="sn-bars__head">
            <Text className="sn-bars__label">{d.label}</Text>
            <Text className={`sn-bars__text ${d.warn ? 'sn-bars__text--warn' : ''}`}>{d.text}</Text>
          </View>
          <View className="sn-bars__track">
            <View className={`sn-bars__fill ${d.warn ? 'sn-bars__fill--warn' : ''}`} style={{ width: `${Math.max(d.ratio > 0 ? 2 : 0, Math.min(1, d.ratio) * 100)}%` }} />
          </View>
          {d.note ? <Text className="sn-bars__note">{d.note}</Text> : null}
        </View>
      ))}
    </View>
  );
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
