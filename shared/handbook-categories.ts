/** Zod-free, so the mini-program's main package can import it without pulling in zod. */
/** The handbook's chapters (人民服务手册), in the order the street prints them. */
export const HANDBOOK_CATEGORIES = [
  { key: 'civil', name: '民政', examples: '低保、临时救助、高龄津贴' },
  { key: 'social-security', name: '社保', examples: '参保登记、养老金认证' },
  { key: 'medical', name: '医疗', examples: '医保报销、爱心诊所体检' },
  { key: 'elderly', name: '养老', examples: '居家养老、日托中心、助餐点' },
  { key: 'disability', name: '助残', examples: '残疾证办理、康复补贴' },
  { key: 'employment', name: '就业', examples: '失业登记、公益岗位、一岗双扶' },
  { key: 'legal-aid', name: '法律援助', examples: '法律咨询、纠纷调解' },
  { key: 'education', name: '社区小时班', examples: '放学后托管、假期课堂' },
  { key: 'party', name: '流动党员之家', examples: '组织关系、就业推荐、技能培训' },
  { key: 'convenience', name: '便民服务', examples: '上门代办、家电维修' },
] as const;

export type HandbookCategoryKey = (typeof HANDBOOK_CATEGORIES)[number]['key'];
export const HANDBOOK_CATEGORY_KEYS = HANDBOOK_CATEGORIES.map((c) => c.key) as [HandbookCategoryKey, ...HandbookCategoryKey[]];
export const handbookCategoryName = (key: string): string => HANDBOOK_CATEGORIES.find((c) => c.key === key)?.name ?? key;
