import { Text, View } from '@tarojs/components';
import { Button, Input, Switch, TextArea } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect } from 'react';
import { DESCRIPTION_MAX, type CreateRequestBody, type ResidentPick } from '../../../../../shared/requests';
import { Banner } from '../../../../components/banner';
import { ErrorState } from '../../../../components/error-state';
import { ActionBar, Chip, Field, FieldError } from '../../../../components/form';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageRoot } from '../../../../components/page-root';
import { useDraft } from '../../../../hooks/use-draft';
import { useMutation } from '../../../../hooks/use-mutation';
import { useQuery } from '../../../../hooks/use-query';
import { useIsStaff } from '../../../../hooks/use-session';
import { decodeParam } from '../../../../lib/format';
import { requireConsent } from '../../../../lib/guards';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { replace } from '../../../../lib/navigate';
import { requestsApi } from '../../api';
import { ResidentPicker } from '../../components/resident-picker';
import './index.scss';
import { askSubscription, prefetchSubscriptionTemplates } from '../../../../lib/subscribe';
import { PAGES } from '../../../../../shared/pages';

const TIME_CHOICES = ['越快越好', '工作日上午', '工作日下午', '周末'];

interface Draft {
  description: string;
  preferredTime: string;
  contactPhone: string;
  address: string;
  proxy: boolean;
  proxyName: string;
  proxyPhone: string;
  proxyAddress: string;
  /** The resident's own account, when they have one: the order then shows in their 我的订单. */
  proxyOwner: ResidentPick | null;
}

export default function NewRequestPage() {
  const serviceId = decodeParam(useRouter().params.serviceId) ?? '';
  const isStaff = useIsStaff();
  useEffect(() => {
    prefetchSubscriptionTemplates();
  }, []);
  const gate = usePageGuard('login', `${PAGES.requests.create}?serviceId=${serviceId}`);
  const menu = useQuery('requests/menu', requestsApi.menu);
  const prefill = useQuery('requests/prefill', requestsApi.prefill);
  const [draft, update, clear] = useDraft<Draft>(`requests/new/${serviceId}`, {
    description: '',
    preferredTime: '',
    contactPhone: '',
    address: '',
    proxy: false,
    proxyName: '',
    proxyPhone: '',
    proxyAddress: '',
    proxyOwner: null,
  });
  // The phone on the account is the usual contact; residents can change it.
  useEffect(() => {
    if (prefill.data?.contactPhone && !draft.contactPhone) update({ contactPhone: prefill.data.contactPhone });
    if (prefill.data?.address && !draft.address) update({ address: prefill.data.address });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per server answer: depending on the draft would refill a field the resident just emptied
  }, [prefill.data]);

  const submit = useMutation((body: CreateRequestBody, key: string) => requestsApi.create(body, key));
  const service = menu.data?.items.find((s) => s.id === serviceId);
  const fieldError = (path: string) => submit.error?.fieldMessage(path);

  const onSubmit = async () => {
    // Explicit return address: the form keeps its draft, so the resident lands back on it filled in.
    if (!requireConsent(`${PAGES.requests.create}?serviceId=${serviceId}`)) return;
    const proxy = isStaff && draft.proxy;
    // Drafts saved before the picker existed have no proxyOwner.
    const owner = proxy ? (draft.proxyOwner ?? null) : null;
    const body: CreateRequestBody = {
      serviceId,
      description: draft.description,
      preferredTime: draft.preferredTime.trim() || undefined,
      contactPhone: proxy ? undefined : draft.contactPhone.trim() || undefined,
      address: proxy ? undefined : draft.address.trim() || undefined,
      onBehalfOf: proxy
        ? {
            name: owner ? owner.displayName.slice(0, 32) : draft.proxyName,
            phone: draft.proxyPhone.trim() || undefined,
            address: draft.proxyAddress.trim() || undefined,
          }
        : undefined,
      ownerId: owner?.id,
    };
    // Asked at the tap, as WeChat requires; the answer never blocks the submission, but the
    // prompt must be answered before the page is replaced or WeChat drops it unanswered.
    const subscribed = askSubscription(['order_dispatched', 'order_accepted', 'order_completed']);
    const created = await submit.run(body);
    if (!created) return;
    clear();
    await subscribed;
    void Taro.showToast({ title: '下单成功', icon: 'success' });
    replace(PAGES.requests.detail, { id: created.id, created: 1 });
  };

  if (gate) return gate;
  if (menu.loading) return <PageRoot><LoadingSkeleton /></PageRoot>;
  if (menu.error) return <PageRoot><ErrorState error={menu.error} onRetry={menu.reload} /></PageRoot>;
  if (!service) {
    return (
      <PageRoot>
        <View className="sn-body">
          <View className="sn-card">
            <Text className="sn-title">这项服务暂时不能预约</Text>
            <Text className="sn-muted">请回到服务菜单重新选择。</Text>
          </View>
        </View>
      </PageRoot>
    );
  }

  const generalError = submit.error && !submit.error.fieldErrors.length ? submit.error.detail : undefined;

  return (
    <PageRoot padBottom className="rq-form">
      <Banner label="您预约的服务" title={service.title} text={service.summary} testId="form-service" />
      <View className="sn-body">
        {isStaff ? (
          <View className="sn-card sn-form__block">
            <View className="sn-form__switch">
              <View>
                <Text className="sn-form__label">代办下单</Text>
                <Text className="sn-muted">替没有手机的老人或邻居下单</Text>
              </View>
              <Switch checked={draft.proxy} onChange={(v) => update({ proxy: v })} data-testid="proxy-switch" />
            </View>
            {draft.proxy ? (
              <View className="rq-form__proxy">
                <ResidentPicker picked={draft.proxyOwner ?? null} onPick={(r) => update({ proxyOwner: r })} error={fieldError('ownerId')} />
                {draft.proxyOwner ? null : (
                  <>
                    <Field label="被代办人姓名（没有账号时填）" error={fieldError('onBehalfOf.name')}>
                      <Input
                        className="sn-form__input"
                        data-testid="proxy-name"
                        value={draft.proxyName}
                        placeholder="例如：张桂兰"
                        onChange={(v) => update({ proxyName: v })}
                      />
                    </Field>
                  </>
                )}
                <Text className="sn-form__label">{draft.proxyOwner ? '联系电话（可不填）' : '被代办人电话（可不填）'}</Text>
                <Input
                  className="sn-form__input"
                  data-testid="proxy-phone"
                  type="tel"
                  value={draft.proxyPhone}
                  placeholder={draft.proxyOwner ? '不填就用账号上的电话' : '手机或座机'}
                  onChange={(v) => update({ proxyPhone: v })}
                />
                <FieldError message={fieldError('onBehalfOf.phone')} />
                <Field label="上门地址" error={fieldError('onBehalfOf.address')}>
                  <Input className="sn-form__input" data-testid="proxy-address" value={draft.proxyAddress} placeholder="小区、楼栋、单元、门牌号" onChange={(v) => update({ proxyAddress: v })} />
                </Field>
              </View>
            ) : null}
          </View>
        ) : null}

        <View className="sn-card sn-form__block">
          <Field label="需要什么帮助？" error={fieldError('description')}>
            <TextArea
              className="sn-form__textarea"
              data-testid="description-input"
              value={draft.description}
              placeholder="请说说具体情况，比如：什么时候、在哪里、需要帮忙做什么"
              maxLength={DESCRIPTION_MAX}
              showCount
              autoSize
              onChange={(v) => update({ description: v })}
            />
          </Field>
        </View>

        <View className="sn-card sn-form__block">
          <Field label="希望什么时候来？" error={fieldError('preferredTime')}>
            <View className="sn-form__chips">
              {TIME_CHOICES.map((t) => (
                <Chip key={t} on={draft.preferredTime === t} onClick={() => update({ preferredTime: t })}>
                  {t}
                </Chip>
              ))}
            </View>
            <Input className="sn-form__input" value={draft.preferredTime} placeholder="也可以自己写，例如：周六上午 9 点" onChange={(v) => update({ preferredTime: v })} />
          </Field>
        </View>

        {!(isStaff && draft.proxy) ? (
          <View className="sn-card sn-form__block">
            <Field label="联系电话" error={fieldError('contactPhone')}>
              <Text className="sn-muted">电话和地址只有接单的志愿者和社区能看到</Text>
              <Input
                className="sn-form__input"
                data-testid="phone-input"
                type="tel"
                value={draft.contactPhone}
                placeholder="手机号或座机"
                onChange={(v) => update({ contactPhone: v })}
              />
            </Field>
            <Field label="上门地址" error={fieldError('address')}>
              <Input
                className="sn-form__input"
                data-testid="address-input"
                value={draft.address}
                placeholder="小区、楼栋、单元、门牌号"
                onChange={(v) => update({ address: v })}
              />
            </Field>
          </View>
        ) : null}
        {generalError ? (
          <View className="sn-form__alert">
            <Text>{generalError}</Text>
          </View>
        ) : null}
      </View>
      <ActionBar>
        <Button type="primary" size="large" block loading={submit.pending} onClick={onSubmit} data-testid="submit-order">
          提交订单
        </Button>
      </ActionBar>
    </PageRoot>
  );
}
