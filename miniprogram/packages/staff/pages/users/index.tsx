import { Text, View } from '@tarojs/components';
import { Button, SearchBar } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { AdminUser } from '../../../../../shared/admin';
import { ROLE_NAMES, type Role } from '../../../../../shared/auth';
import { communitiesApi } from '../../../../api/content';
import { Banner } from '../../../../components/banner';
import { ErrorState } from '../../../../components/error-state';
import { Chip, FieldError } from '../../../../components/form';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageRoot } from '../../../../components/page-root';
import { useMutation } from '../../../../hooks/use-mutation';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { useQuery } from '../../../../hooks/use-query';
import { useSession } from '../../../../hooks/use-session';
import { confirmStep } from '../../../../lib/confirm';
import { adminApi } from '../../api';
import './index.scss';

const ROLE_FILTERS: { key: Role | ''; label: string }[] = [
  { key: '', label: '全部' },
  { key: 'admin', label: ROLE_NAMES.admin },
  { key: 'staff', label: ROLE_NAMES.staff },
  { key: 'volunteer', label: ROLE_NAMES.volunteer },
  { key: 'resident', label: ROLE_NAMES.resident },
];
/** Roles the page grants; volunteers come from the community's approval of their report, not from here. */
const GRANTABLE: Role[] = ['staff', 'admin'];

type Community = { id: string; name: string };

function scopeText(u: AdminUser) {
  if (u.role !== 'staff') return '';
  return u.staffCommunityName ? `负责${u.staffCommunityName}` : '负责全街道';
}

/** One account: who, which role; grant with a community scope, or revoke, each confirmed. */
function UserRow({ u, me, communities, onChanged }: { u: AdminUser; me: string | undefined; communities: Community[]; onChanged: () => void }) {
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<Role>('staff');
  const [scope, setScope] = useState<string | null>(null);
  const grant = useMutation(() => adminApi.grantRole(u.id, role, role === 'staff' ? scope : null));
  // Revoking is granting the role the person has without staff rights: 红岗志愿者 if the community approved their report.
  const baseRole: Role = u.approvedVolunteer ? 'volunteer' : 'resident';
  const revoke = useMutation(() => adminApi.grantRole(u.id, baseRole, null));
  const self = u.id === me;
  const hasRole = u.role === 'staff' || u.role === 'admin';
  const scopeName = scope ? (communities.find((c) => c.id === scope)?.name ?? '') : '全街道';
  const error = grant.error ?? revoke.error;

  const onGrant = async () => {
    const what = role === 'staff' ? `${ROLE_NAMES.staff}（负责${scopeName}）` : ROLE_NAMES.admin;
    const rights = role === 'admin' ? '管理员可以授予和撤销角色、修改街道设置、查看全部操作记录。' : '工作人员可以派单、办理问题、排班，并查看居民的联系方式。';
    if (!(await confirmStep({ title: '确认授予角色', content: `将${u.displayName}设为${what}？${rights}`, confirmText: '授予' }))) return;
    if (!(await grant.run(undefined))) return;
    void Taro.showToast({ title: '已授予', icon: 'success' });
    setOpen(false);
    onChanged();
  };
  const onRevoke = async () => {
    const back = ROLE_NAMES[baseRole];
    if (!(await confirmStep({ title: '确认撤销角色', content: `撤销${u.displayName}的${ROLE_NAMES[u.role]}角色？撤销后TA立即变回${back}，不能再进入工作台。`, confirmText: '撤销' }))) return;
    if (!(await revoke.run(undefined))) return;
    void Taro.showToast({ title: '已撤销', icon: 'success' });
    onChanged();
  };

  return (
    <View className="sn-card adm-user" data-testid="user-row" data-name={u.displayName}>
      <View className="adm-user__head">
        <Text className="adm-user__name">{u.displayName}{self ? '（我）' : ''}</Text>
        <Text className={`adm-user__role adm-user__role--${u.role}`} data-testid="user-role">{ROLE_NAMES[u.role]}</Text>
      </View>
      <Text className="adm-user__meta">
        {[u.phoneMasked ? `手机 ${u.phoneMasked}` : '未留手机号', u.communityName, scopeText(u), u.openidTail ? `微信尾号 ${u.openidTail}` : ''].filter(Boolean).join(' · ')}
      </Text>
      <View className="adm-user__actions">
        <Button size="small" fill="outline" onClick={() => setOpen(!open)} data-testid="user-grant-open">{open ? '收起' : '授予角色'}</Button>
        {hasRole && !self ? (
          <Button size="small" type="danger" fill="outline" loading={revoke.pending} onClick={onRevoke} data-testid="user-revoke">
            撤销角色
          </Button>
        ) : null}
        {hasRole && self ? <Text className="adm-user__hint">自己的角色请另一位管理员调整</Text> : null}
      </View>
      {open ? (
        <View className="adm-user__grant" data-testid="user-grant-panel">
          <Text className="sn-form__label">角色</Text>
          <View className="sn-form__chips">
            {GRANTABLE.map((r) => (
              <Chip key={r} on={role === r} onClick={() => setRole(r)} testId={`grant-role-${r}`}>
                {ROLE_NAMES[r]}
              </Chip>
            ))}
          </View>
          {role === 'staff' ? (
            <>
              <Text className="sn-form__label">负责范围</Text>
              <View className="sn-form__chips">
                <Chip on={scope === null} onClick={() => setScope(null)} testId="grant-scope-street">全街道</Chip>
                {communities.map((c) => (
                  <Chip key={c.id} on={scope === c.id} onClick={() => setScope(c.id)} testId={`grant-scope-${c.name}`}>
                    {c.name}
                  </Chip>
                ))}
              </View>
            </>
          ) : null}
          <Button type="primary" block loading={grant.pending} onClick={onGrant} data-testid="user-grant">
            授予{ROLE_NAMES[role]}
          </Button>
        </View>
      ) : null}
      <FieldError message={error?.detail} />
    </View>
  );
}

/** 用户与角色 (admin): find a person by name, phone or WeChat openid; grant or revoke staff and admin roles. */
export default function UsersPage() {
  const gate = usePageGuard('staff');
  const me = useSession()?.user;
  const isAdmin = me?.role === 'admin';
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  useEffect(() => {
    const t = setTimeout(() => setQ(input.trim()), 350);
    return () => clearTimeout(t);
  }, [input]);
  const list = useQuery(isAdmin ? `admin/users?q=${q}&r=${role}` : null, () => adminApi.users({ q: q || undefined, role: role || undefined }));
  const communities = useQuery(isAdmin ? 'communities' : null, () => communitiesApi.list());

  if (gate) return gate;
  return (
    <PageRoot className="adm-users">
      <Banner staff title="用户与角色" text="按姓名、手机号或微信 openid 查找用户，授予或撤销工作人员、管理员角色。每次变更都记入操作记录。" />
      <View className="sn-body">
        {!isAdmin ? <Text className="adm-empty">用户与角色仅管理员可以管理</Text> : null}
        <View className="adm-users__search" data-testid="users-search">
          <SearchBar value={input} placeholder="姓名、手机号或 openid" onChange={(v: string) => setInput(v)} onClear={() => setInput('')} shape="round" />
        </View>
        <View className="sn-form__chips">
          {ROLE_FILTERS.map((f) => (
            <Chip key={f.key || 'all'} on={role === f.key} onClick={() => setRole(f.key)} testId={`users-filter-${f.key || 'all'}`}>
              {f.label}
            </Chip>
          ))}
        </View>
        {list.loading ? <LoadingSkeleton blocks={3} rows={2} /> : null}
        {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
        {list.data && !list.data.items.length ? <Text className="adm-empty">没有找到符合条件的用户</Text> : null}
        {list.data?.items.map((u) => <UserRow key={u.id} u={u} me={me?.id} communities={communities.data?.items ?? []} onChanged={() => void list.reload()} />)}
        {list.data?.nextCursor ? <Text className="adm-empty">只列出最近注册的 {list.data.items.length} 位，请输入姓名或手机号缩小范围</Text> : null}
      </View>
    </PageRoot>
  );
}
