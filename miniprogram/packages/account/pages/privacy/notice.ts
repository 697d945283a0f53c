/**
 * The privacy notice in plain Chinese. Changing what it says means bumping
 * PRIVACY_POLICY_VERSION in shared/auth.ts, which asks everyone to consent again.
 */
export const COLLECTED = [
  { what: '微信身份标识', why: '让您无需注册即可登录，区分您和其他居民' },
  { what: '手机号', why: '服务人员上门或处理问题时与您联系（页面上只显示部分号码）' },
  { what: '亲情卡地址（楼栋、单元、房号）', why: '紧急情况下网格员和社区能尽快找到您' },
  { what: '紧急联系人（姓名、电话、关系）', why: '您遇到意外时通知家人' },
  { what: '关爱标签（如独居老人、残疾）', why: '只有您单独勾选同意后才保存，用于主动上门关怀' },
  { what: '服务订单、问题反馈和评价', why: '派单、办理、回复并公开整改结果' },
  { what: '志愿者信息和服务时长', why: '安排红岗班次、记录时长和年度星级' },
] as const;

export const WHO_SEES = [
  '您本人：随时查看自己的全部信息。',
  '本社区工作人员和网格员：处理您的订单、反馈，或在紧急情况下查看亲情卡；每次扫码查看都会留下记录。',
  '接单的志愿者：只看到完成这次服务需要的信息。',
  '公开的问题墙：只显示问题内容；选择匿名时不显示您的名字。',
] as const;
