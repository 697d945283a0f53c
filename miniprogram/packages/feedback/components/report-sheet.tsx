import { Text, View } from '@tarojs/components';
import { Button, Popup, TextArea } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { FEEDBACK_REPORT_DETAIL_MAX, FEEDBACK_REPORT_REASONS, type FeedbackReportReason } from '../../../../shared/feedback';
import { Chip, Field } from '../../../components/form';
import { useMutation } from '../../../hooks/use-mutation';
import { requireLogin } from '../../../lib/guards';
import { feedbackApi } from '../api';
import './report-sheet.scss';

/** Who is being reported, or null when the sheet is closed. */
export type ReportTarget = { id: string; code: string; title: string } | null;

/**
 * 举报 a public item: a reason from the fixed list and an optional note. Staff check it; a
 * confirmed report takes the item off the wall. Logging in comes first (at the tap).
 */
export function ReportSheet({ target, onClose }: { target: ReportTarget; onClose: () => void }) {
  const [reason, setReason] = useState<FeedbackReportReason | ''>('');
  const [detail, setDetail] = useState('');
  const send = useMutation((body: { reason: FeedbackReportReason; detail?: string }, key: string) => feedbackApi.report(target!.id, body, key));

  const close = () => {
    setReason('');
    setDetail('');
    send.reset();
    onClose();
  };
  const submit = async () => {
    if (!target || !reason) return;
    const done = await send.run({ reason, detail: detail.trim() || undefined });
    if (!done) return;
    close();
    void Taro.showToast({ title: '已提交，工作人员会尽快核实', icon: 'none', duration: 2000 });
  };

  return (
    <Popup visible={Boolean(target)} position="bottom" round closeable onClose={close}>
      <View className="fb-report" data-testid="report-sheet">
        <Text className="fb-report__title">举报这条内容</Text>
        {target ? <Text className="fb-report__what">{target.code}「{target.title}」</Text> : null}
        <Field label="举报原因" error={send.error?.fieldMessage('reason')}>
          <View className="sn-form__chips">
            {FEEDBACK_REPORT_REASONS.map((r) => (
              <Chip key={r.key} on={reason === r.key} onClick={() => setReason(r.key)} testId={`report-reason-${r.key}`}>
                {r.name}
              </Chip>
            ))}
          </View>
        </Field>
        <Field label="补充说明（选填）" error={send.error?.fieldMessage('detail')}>
          <TextArea
            className="sn-form__textarea"
            value={detail}
            maxLength={FEEDBACK_REPORT_DETAIL_MAX}
            placeholder="例如：内容里有邻居的姓名和房号"
            onChange={setDetail}
            data-testid="report-detail"
          />
        </Field>
        {send.error && !send.error.fieldErrors.length ? <Text className="sn-form__alert">{send.error.detail}</Text> : null}
        <Button type="primary" size="large" block disabled={!reason} loading={send.pending} onClick={submit} data-testid="report-submit">
          提交举报
        </Button>
      </View>
    </Popup>
  );
}

/** Opens the sheet for an item once there is a user (log-in first otherwise). */
export function startReport(item: { id: string; code: string; title: string }, open: (t: ReportTarget) => void) {
  if (!requireLogin()) return;
  open({ id: item.id, code: item.code, title: item.title });
}
