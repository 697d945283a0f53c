/**
 * 派单建议: which volunteer to send, and why, in words the desk reads at a glance
 * (技能匹配：陪诊·同社区·手头0单·近30天未服务). Pure, so the ranking is tested without a database.
 *
 * Order of the reasons, each breaking the ties of the one before:
 * 1. skill match to the service — the whole skill in the service's title or tags (陪诊 in
 *    助老陪诊) beats a shared two-character word (助老服务 ~ 助老陪诊), which beats none;
 * 2. the order's own community (street volunteers with no community come after);
 * 3. fewer open orders in hand (派单 or 接单, not yet completed);
 * 4. fewer hours served recently, so the work is spread rather than always landing on the
 *    same willing few;
 * 5. more orders completed, then the name.
 */

/** How far back "recent hours" look. */
export const RECENT_DAYS = 30;

/** Two-character words every skill list and service title shares; they say nothing about fit. */
const GENERIC = new Set(['服务', '咨询', '上门', '帮助', '志愿', '社区', '居民', '办理', '教学', '宣传']);

export type SkillMatch = 'whole' | 'part' | 'none';

function pairs(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < text.length; i += 1) out.push(text.slice(i, i + 2));
  return out;
}

/** The volunteer's skills that fit the service, strongest kind of match first. */
export function matchSkills(skills: readonly string[], service: { title: string; tags: readonly string[] }): { level: SkillMatch; matched: string[] } {
  const words = [service.title, ...service.tags].filter(Boolean);
  const whole = skills.filter((s) => s.length >= 2 && words.some((w) => w.includes(s) || s.includes(w)));
  if (whole.length) return { level: 'whole', matched: whole };
  const part = skills.filter((s) => pairs(s).some((p) => !GENERIC.has(p) && words.some((w) => w.includes(p))));
  return part.length ? { level: 'part', matched: part } : { level: 'none', matched: [] };
}

const LEVEL: Record<SkillMatch, number> = { whole: 2, part: 1, none: 0 };

export interface CandidateFacts {
  realName: string;
  skills: string[];
  communityId: string | null;
  sameCommunity: boolean;
  openTasks: number;
  completedCount: number;
  recentMinutes: number;
}

/** "1.5" hours from minutes, one decimal, no trailing ".0". */
const hours = (minutes: number) => String(Math.round(minutes / 6) / 10);

export function reasonOf(c: CandidateFacts, match: { level: SkillMatch; matched: string[] }): string {
  return [
    match.level === 'none' ? '特长不对口' : `技能匹配：${match.matched.join('、')}`,
    c.sameCommunity ? '同社区' : c.communityId === null ? '街道志愿者' : null,
    `手头${c.openTasks}单`,
    c.recentMinutes ? `近${RECENT_DAYS}天服务${hours(c.recentMinutes)}小时` : `近${RECENT_DAYS}天未服务`,
  ]
    .filter(Boolean)
    .join('·');
}

/** Ranks candidates best first and gives each its reason and matched skills. */
export function rankCandidates<T extends CandidateFacts>(
  candidates: T[],
  service: { title: string; tags: readonly string[] },
): (T & { matchedSkills: string[]; reason: string })[] {
  return candidates
    .map((c) => {
      const match = matchSkills(c.skills, service);
      return { c: { ...c, matchedSkills: match.matched, reason: reasonOf(c, match) }, level: LEVEL[match.level] };
    })
    .sort(
      (a, b) =>
        b.level - a.level ||
        Number(b.c.sameCommunity) - Number(a.c.sameCommunity) ||
        a.c.openTasks - b.c.openTasks ||
        a.c.recentMinutes - b.c.recentMinutes ||
        b.c.completedCount - a.c.completedCount ||
        a.c.realName.localeCompare(b.c.realName, 'zh-CN'),
    )
    .map((x) => x.c);
}
