/**
 * The privacy notice in plain Chinese. Changing what it says means bumping
 * PRIVACY_POLICY_VERSION in shared/roles.ts. Keep it in step with the guide filed in the
 * WeChat admin console (docs/wechat-review.md lists every field and API declared there):
 * WeChat refuses an undeclared privacy API (errno 112).
 */
export const COLLECTED = [
  { what: '微信身份标识（openid）', why: '让您无需注册即可登录，区分您和其他居民；也用于向您发送您同意接收的订阅消息' },
  { what: '手机号', why: '服务人员上门或处理问题时与您联系（页面上只显示部分号码）' },
  { what: '亲情卡地址（楼栋、单元、房号）和同住人数', why: '紧急情况下网格员和社区能尽快找到您' },
  { what: '紧急联系人（姓名、电话、关系）', why: '您遇到意外时通知家人' },
  { what: '关爱标签（如独居老人、残疾）', why: '只有您单独勾选同意后才保存，用于主动上门关怀' },
  { what: '服务订单、问题反馈、举报和评价', why: '派单、办理、回复并公开整改结果；举报只给社区工作人员核实' },
  { what: '您上传的照片', why: '和您反映的问题或回复一起显示（公开的问题会显示在问题墙上）；上传时去掉拍摄地点、设备等信息；一天内没有用上的照片自动删除' },
  { what: '志愿者信息和服务时长', why: '安排红岗班次、记录时长和年度星级' },
] as const;

/** Phone features the mini-program uses, each only when you tap for it. */
export const DEVICE_APIS = [
  { what: '剪切板（写入）', why: '在「我的数据」中点「复制全部数据」时，把您的数据副本复制到剪切板' },
  { what: '相册（仅写入）', why: '在「年度档案」中点「保存图片」时，把档案图片保存到您的相册' },
  { what: '相册（读取）和相机', why: '在反映问题、回复时点「拍照/相册」，拍一张或从相册选照片上传；只读取您选中的照片' },
  { what: '扫一扫', why: '志愿者扫码签到、工作人员紧急时扫亲情卡二维码；只识别二维码，不保存照片' },
] as const;

/** Others who process data for us (委托处理), named as the PIPL asks. */
export const THIRD_PARTIES = [
  '腾讯（微信）：登录时把您的 openid 交给我们；您提交的文字（问题反馈、评价、举报说明等）会先经微信内容安全接口（msgSecCheck）检查是否含违法违规内容，照片经图片内容安全接口（mediaCheckAsync）检查，通过前不公开。',
  '对象存储服务商（如腾讯云 COS）：保存您上传的照片（已去掉拍摄地点等信息）。',
  '服务器和数据库托管服务商：运行本服务、保存上述数据，只按我们的指示处理。',
  'Upstash（缓存服务）：保存防止恶意刷请求的计数（按账号或网络地址）和公开内容的短时缓存，不保存亲情卡、电话等资料。',
] as const;

export const WHO_SEES = [
  '您本人：随时查看自己的全部信息。',
  '本社区工作人员和网格员：处理您的订单、反馈、举报，或在紧急情况下查看亲情卡；每次扫码查看都会留下记录。',
  '接单的志愿者：只看到完成这次服务需要的信息。',
  '公开的问题墙：只显示问题内容；选择匿名时不显示您的名字。',
] as const;
