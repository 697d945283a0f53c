import { Text, View } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { handbookApi } from '../../../../api/content';
import { ErrorState } from '../../../../components/error-state';
import { FieldError } from '../../../../components/form';
import { useMutation } from '../../../../hooks/use-mutation';
import { useQuery } from '../../../../hooks/use-query';

/**
 * 搜索同义词: what residents type → the handbook's word (残疾证 → 残疾人证). Search uses
 * the list at once; street staff change it, community staff read it.
 */
export function SynonymsSection() {
  const list = useQuery('staff/handbook/synonyms', () => handbookApi.synonyms());
  const [term, setTerm] = useState('');
  const [target, setTarget] = useState('');
  const add = useMutation((body: { term: string; target: string }, key: string) => handbookApi.addSynonym(body, key));
  const remove = useMutation((synonymId: string) => handbookApi.removeSynonym(synonymId));

  const onAdd = async () => {
    const saved = await add.run({ term, target });
    if (!saved) return;
    setTerm('');
    setTarget('');
    list.reload();
  };
  const onRemove = async (synonymId: string) => {
    if (await remove.run(synonymId)) list.reload();
  };
  const general = (add.error && !add.error.fieldErrors.length ? add.error.detail : undefined) ?? remove.error?.detail;

  return (
    <View className="sn-card hb-syn" data-testid="synonyms">
      <Text className="sn-title">搜索同义词</Text>
      <Text className="sn-muted">居民搜左边的说法，也能找到含右边说法的事项。例如搜“残疾证”找到“残疾人证办理”。</Text>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.data?.items.map((s) => (
        <View key={s.id} className="hb-syn__row" data-testid="synonym-row">
          <Text className="hb-syn__pair">
            {s.term} → {s.target}
          </Text>
          <View className="hb-syn__remove" hoverClass="hb-syn__remove--pressed" onClick={() => void onRemove(s.id)} data-testid={`synonym-remove-${s.term}`}>
            <Text>删除</Text>
          </View>
        </View>
      ))}
      <View className="hb-syn__add">
        <Input className="sn-form__input" value={term} placeholder="居民的说法，如：老年卡" maxLength={20} onChange={setTerm} data-testid="synonym-term" />
        <FieldError message={add.error?.fieldMessage('term')} />
        <Input className="sn-form__input" value={target} placeholder="手册里的说法，如：老年人优待证" maxLength={20} onChange={setTarget} data-testid="synonym-target" />
        <FieldError message={add.error?.fieldMessage('target')} />
        <Button type="primary" block loading={add.pending} onClick={() => void onAdd()} data-testid="synonym-add">
          添加同义词
        </Button>
        <FieldError message={general} testId="synonym-error" />
      </View>
    </View>
  );
}
