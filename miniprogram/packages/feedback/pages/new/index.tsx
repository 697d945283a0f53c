import { Text, View } from '@tarojs/components';
import { Button, Input, Switch, TextArea } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import { useEffect } from 'react';
import { FEEDBACK_CATEGORIES, FEEDBACK_LIMITS, type CreateFeedbackBody } from '../../../../../shared/feedback';
import { Banner } from '../../../../components/banner';
import { ActionBar, Chip, Field } from '../../../../components/form';
import { PageRoot } from '../../../../components/page-root';
import { useDraft } from '../../../../hooks/use-draft';
import { useMutation } from '../../../../hooks/use-mutation';
import { requireLogin } from '../../../../lib/guards';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { replace } from '../../../../lib/navigate';
import { feedbackApi } from '../../api';
import { askSubscription, prefetchSubscriptionTemplates } from '../../../../lib/subscribe';
import { PhotoPicker, usePhotoUploads } from '../../components/photo-picker';
import { PAGES } from '../../../../../shared/pages';

interface Draft {
  category: string;
  title: string;
  body: string;
  location: string;
  isPublic: boolean;
  showName: boolean;
}

export default function ReportPage() {
  useEffect(() => {
    prefetchSubscriptionTemplates();
  }, []);
  const gate = usePageGuard('login');
  const [draft, update, clear] = useDraft<Draft>('feedback/new', { category: '', title: '', body: '', location: '', isPublic: true, showName: false });
  const submit = useMutation((body: CreateFeedbackBody, key: string) => feedbackApi.create(body, key));
  const fieldError = (path: string) => submit.error?.fieldMessage(path);
  const photos = usePhotoUploads();

  const onSubmit = async () => {
    if (!requireLogin()) return;
    if (photos.busy || photos.failed) {
      void Taro.showToast({ title: photos.busy ? '照片还在上传，请稍等' : '有照片上传失败，请重试或删除', icon: 'none' });
      return;
    }
    // Asked at the tap, as WeChat requires; the answer never blocks the submission, but the
    // prompt must be answered before the page is replaced or WeChat drops it unanswered.
    const subscribed = askSubscription(['feedback_accepted', 'feedback_replied', 'feedback_resolved']);
    const created = await submit.run({
      category: draft.category as CreateFeedbackBody['category'],
      title: draft.title,
      body: draft.body,
      location: draft.location.trim() || null,
      public: draft.isPublic,
      anonymous: !draft.showName,
      photoIds: photos.ids,
    });
    if (!created) return;
    clear();
    photos.reset();
    await subscribed;
    void Taro.showToast({ title: '已提交', icon: 'success' });
    replace(PAGES.feedback.detail, { id: created.id, created: 1 });
  };
  const generalError = submit.error && !submit.error.fieldErrors.length ? submit.error.detail : undefined;

  if (gate) return gate;
  return (
    <PageRoot padBottom>
      <Banner title="反映问题" text="社区会在问题墙上公布责任主体、整改措施和完成期限，办结后请您评价。" />
      <View className="sn-body">
        <View className="sn-card sn-form__block">
          <Field label="1. 是哪方面的问题？" error={fieldError('category') ? '请选择一个问题类别' : undefined}>
            <View className="sn-form__chips">
              {FEEDBACK_CATEGORIES.map((c) => (
                <Chip key={c.key} on={draft.category === c.key} testId={`category-${c.key}`} onClick={() => update({ category: c.key })}>
                  {c.name}
                </Chip>
              ))}
            </View>
          </Field>
        </View>

        <View className="sn-card sn-form__block">
          <Field label="2. 一句话说说是什么问题" error={fieldError('title')}>
            <Input
              className="sn-form__input"
              data-testid="title-input"
              value={draft.title}
              maxLength={FEEDBACK_LIMITS.title}
              placeholder="例如：3号楼楼道堆放杂物"
              onChange={(v) => update({ title: v })}
            />
          </Field>
          <Field label="详细情况" error={fieldError('body')}>
            <TextArea
              className="sn-form__textarea"
              data-testid="body-input"
              value={draft.body}
              maxLength={FEEDBACK_LIMITS.body}
              showCount
              autoSize
              placeholder="什么时候发现的、影响了谁、希望怎么解决"
              onChange={(v) => update({ body: v })}
            />
          </Field>
        </View>

        <View className="sn-card sn-form__block">
          <Field label="3. 在哪里？" error={fieldError('location')}>
            <Input
              className="sn-form__input"
              data-testid="location-input"
              value={draft.location}
              maxLength={FEEDBACK_LIMITS.location}
              placeholder="小区、楼栋、路口等，可不填"
              onChange={(v) => update({ location: v })}
            />
          </Field>
        </View>

        <View className="sn-card sn-form__block">
          <Field label="4. 拍张照片（可不填）" error={fieldError('photoIds')}>
            <PhotoPicker uploads={photos} hint={draft.isPublic ? '公开的问题，照片会和问题一起显示在问题墙上。' : undefined} />
          </Field>
        </View>

        <View className="sn-card sn-form__block">
          <View className="sn-form__switch">
            <View className="sn-form__switch-text">
              <Text className="sn-form__label">公开到问题墙</Text>
              <Text className="sn-muted">{draft.isPublic ? '邻居们都能看到整改进度，一起监督' : '只有您和社区工作人员能看到'}</Text>
            </View>
            <Switch checked={draft.isPublic} onChange={(v) => update({ isPublic: v })} data-testid="public-switch" />
          </View>
          {draft.isPublic ? (
            <View className="sn-form__switch">
              <View className="sn-form__switch-text">
                <Text className="sn-form__label">在墙上显示我的名字</Text>
                <Text className="sn-muted">{draft.showName ? '墙上会显示您的称呼' : '默认匿名，别人看不到是谁反映的'}</Text>
              </View>
              <Switch checked={draft.showName} onChange={(v) => update({ showName: v })} data-testid="name-switch" />
            </View>
          ) : null}
        </View>
        {generalError ? (
          <View className="sn-form__alert" data-testid="form-error">
            <Text>{generalError}</Text>
          </View>
        ) : null}
      </View>
      <ActionBar>
        <Button type="primary" size="large" block loading={submit.pending} onClick={onSubmit} data-testid="submit-feedback">
          提交
        </Button>
      </ActionBar>
    </PageRoot>
  );
}
