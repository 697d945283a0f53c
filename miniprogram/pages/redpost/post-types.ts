/**
 * The five red posts (红岗) as the street's report names them. The live list with
 * upcoming shifts (GET /api/redpost/posts) replaces the descriptions when wired in.
 */
export const RED_POSTS = [
  { type: 'red_card', name: '红名片', focus: '文明教育', description: '宣讲政策法规，倡导文明新风' },
  { type: 'red_armband', name: '红袖章', focus: '化解矛盾', description: '楼栋巡查，调解邻里纠纷' },
  { type: 'red_cross', name: '红十字', focus: '免费门诊', description: '爱心诊所义诊，量血压、测血糖' },
  { type: 'red_sunset', name: '红夕阳', focus: '扶贫济困', description: '走访独居老人和困难家庭' },
  { type: 'red_scarf', name: '红领巾', focus: '环境治理', description: '带着孩子一起清洁家园' },
] as const;
