import { Text, View } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { RESIDENT_SEARCH_MAX, type ResidentPick } from '../../../../shared/requests';
import { ErrorState } from '../../../components/error-state';
import { Field } from '../../../components/form';
import { useQuery } from '../../../hooks/use-query';
import { requestsApi } from '../api';
import './resident-picker.scss';

const placeOf = (r: ResidentPick) => [r.communityName, r.gridName].filter(Boolean).join(' · ') || '未登记社区';

/** Name, masked phone and community, in the same large layout for a search result and the picked resident. */
function ResidentLines({ resident }: { resident: ResidentPick }) {
  return (
    <View className="rq-picker__lines">
      <Text className="rq-picker__name">{resident.displayName}</Text>
      <Text className="rq-picker__meta">{resident.maskedPhone ?? '账号未留电话'}</Text>
      <Text className="rq-picker__meta">{placeOf(resident)}</Text>
    </View>
  );
}

/**
 * 代办: find the resident's own account so the order also appears in their 我的订单.
 * Optional: with nobody picked the form's free-text name is used, as for a neighbour
 * without an account. The server limits community staff to their own community.
 */
export function ResidentPicker({
  picked,
  onPick,
  error,
}: {
  picked: ResidentPick | null;
  onPick: (resident: ResidentPick | null) => void;
  error?: string;
}) {
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  // One request per pause in typing, not per keystroke.
  useEffect(() => {
    const t = setTimeout(() => setQ(input.trim()), 350);
    return () => clearTimeout(t);
  }, [input]);
  const found = useQuery(!picked && q ? `requests/residents?q=${q}` : null, () => requestsApi.residents(q));

  if (picked) {
    return (
      <View className="rq-picker">
        <Field label="已选居民账号" error={error}>
          <View className="rq-picker__picked" data-testid="picked-resident" data-name={picked.displayName}>
            <ResidentLines resident={picked} />
            <Button className="rq-picker__clear" fill="outline" type="primary" onClick={() => onPick(null)} data-testid="clear-resident">
              重新选择
            </Button>
          </View>
          <Text className="sn-muted">订单会出现在这位居民的“我的订单”里，进度消息也会发给居民。</Text>
        </Field>
      </View>
    );
  }

  const items = q ? (found.data?.items ?? []) : [];
  return (
    <View className="rq-picker">
      <Field label="查找居民账号（可不选）" error={error}>
        <Text className="sn-muted">选了账号，居民自己也能在“我的订单”里看到这一单</Text>
        <Input
          className="sn-form__input"
          data-testid="resident-search"
          value={input}
          maxLength={RESIDENT_SEARCH_MAX}
          clearable
          placeholder="输入姓名，或完整的电话号码"
          onChange={(v) => setInput(v)}
        />
        {q && found.loading ? <Text className="rq-picker__hint">正在查找…</Text> : null}
        {q && found.error ? <ErrorState error={found.error} onRetry={found.reload} /> : null}
        {q && found.data && !items.length ? (
          <Text className="rq-picker__hint" data-testid="resident-none">
            没有找到“{q}”。居民还没有账号的话，直接在下面填写姓名即可。
          </Text>
        ) : null}
        {items.length ? (
          <View className="rq-picker__list" data-testid="resident-results">
            {items.map((r) => (
              <View
                key={r.id}
                className="rq-picker__option"
                hoverClass="rq-picker__option--pressed"
                data-testid="resident-option"
                data-name={r.displayName}
                onClick={() => {
                  setInput('');
                  setQ('');
                  onPick(r);
                }}
              >
                <ResidentLines resident={r} />
                <Text className="rq-picker__choose">选择</Text>
              </View>
            ))}
          </View>
        ) : null}
      </Field>
    </View>
  );
}
