/**
 * An indicator's evidence in Chinese, for staff who read Chinese first. The indicators write their
 * evidence in English once, when an alert is raised, and it is stored with the alert; this reads
 * that sentence back by its shape, so alerts raised before this existed read the same. A sentence
 * of a shape not known here gets no Chinese line (the English is shown alone) rather than a wrong one.
 */
const CATEGORY: Record<string, string> = {
  script: '剧本',
  dm: 'DM',
  environment: '环境',
  service: '服务',
  other: '其他',
};
const SEVERITY: Record<string, string> = { serious: '严重', minor: '一般' };
const PLATFORM: Record<string, string> = {
  meituan: '美团',
  dianping: '大众点评',
  xiaohongshu: '小红书',
  douyin: '抖音',
  wechat: '微信',
  other: '其他平台',
};
const TURNED_DOWN: Record<string, string> = { declined: '拒绝', ignored: '未回应', perfunctory: '敷衍' };

const word = (table: Record<string, string>, key: string | undefined): string => table[key ?? ''] ?? key ?? '';
const list = (text: string, each: (item: string) => string | null | undefined): string | undefined => {
  const items = text.split(', ').map(each);
  return items.every((item) => typeof item === 'string') ? items.join('，') : undefined;
};

type Rule = [RegExp, (...groups: string[]) => string | undefined];

const PARTS: Rule[] = [
  [/^environment complaint of (\S+) not resolved$/, (d) => `${d} 环境投诉未解决`],
  [/^environment rated (\d)\/5 on (\S+)$/, (s, d) => `${d} 环境评分 ${s}/5`],
  [/^DM rated (\d)\/5 on (\S+)$/, (s, d) => `${d} DM评分 ${s}/5`],
  [/^DM complaint on (\S+)$/, (d) => `${d} DM投诉`],
];
const part = (text: string): string | undefined => {
  for (const [pattern, render] of PARTS) {
    const match = pattern.exec(text);
    if (match) return render(...match.slice(1));
  }
  return undefined;
};

const RULES: Rule[] = [
  [/^last visit (\S+), (\d+) days ago, limit (\d+)$/, (d, n, l) => `最近到店 ${d}，距今 ${n} 天（上限 ${l} 天）`],
  [
    /^last visit (\S+), (\d+) days ago, between (\d+) and (\d+)$/,
    (d, n, a, b) => `最近到店 ${d}，距今 ${n} 天（${a}–${b} 天之间）`,
  ],
  [
    /^last visit (\S+) spent ([\d.]+) yuan, (\d+)% of the ([\d.]+) average of the (\d+) visits before \(limit (\d+)%\)$/,
    (d, x, p, avg, n, l) => `${d} 最近一次消费 ${x} 元，只有此前 ${n} 次平均 ${avg} 元的 ${p}%（下限 ${l}%）`,
  ],
  [
    /^(\d+) consultations or shares on record, the last on (\S+); none in the last (\d+) days$/,
    (n, d, m) => `曾有 ${n} 次咨询或分享，最近一次在 ${d}；近 ${m} 天没有`,
  ],
  [
    /^no visit from (\S+) to (\S+) \((\d+) full months and this month so far\); last visit (\S+)$/,
    (a, b, k, d) => `${a} 至 ${b} 未到店（${k} 个整月及本月至今）；最近到店 ${d}`,
  ],
  [
    /^no visit in the last (\d+) days; last visit (\S+), (\d+) days ago$/,
    (n, d, k) => `近 ${n} 天未到店；最近到店 ${d}，距今 ${k} 天`,
  ],
  [/^membership expired (\S+), (\d+) days ago, not renewed$/, (d, n) => `会员 ${d} 到期，已过 ${n} 天，未续费`],
  [
    /^balance ([\d.]+) yuan, last used (\S+) \((\d+) days ago, limit (\d+)\)$/,
    (x, d, n, l) => `储值余额 ${x} 元，最近使用 ${d}（${n} 天前，上限 ${l} 天）`,
  ],
  [/^balance ([\d.]+) yuan, no stored-value activity on record$/, (x) => `储值余额 ${x} 元，没有储值使用记录`],
  [
    /^serious complaint (.+) in the last (\d+) days$/,
    (items, n) => {
      const zh = list(items ?? '', (item) =>
        /^(\S+) \((\w+)\)$/
          .exec(item)
          ?.slice(1)
          .reduce((d, c) => `${d}（${word(CATEGORY, c)}）`),
      );
      return zh && `近 ${n} 天严重投诉：${zh}`;
    },
  ],
  [
    /^(\d+) complaints in the last (\d+) days \(limit (\d+)\): (.+)$/,
    (n, m, l, items) => {
      const zh = list(items ?? '', (item) => {
        const match = /^(\S+) (\w+) (\w+)$/.exec(item);
        return match && `${match[1]} ${word(SEVERITY, match[2])}投诉（${word(CATEGORY, match[3])}）`;
      });
      return zh && `近 ${m} 天投诉 ${n} 次（上限 ${l}）：${zh}`;
    },
  ],
  [
    /^one minor complaint \((\w+)\) on (\S+?)(, resolved)?$/,
    (c, d, resolved) => `${d} 一般投诉（${word(CATEGORY, c)}）${resolved ? '，已解决' : ''}`,
  ],
  [
    /^(?:negative review|(\d+) negative reviews) not resolved: (.+)$/,
    (n, items) => {
      const zh = list(items ?? '', (item) => {
        const match = /^(\w+) (\S+)$/.exec(item);
        return match && `${word(PLATFORM, match[1])} ${match[2]}`;
      });
      return zh && `${n ? `${n} 条` : ''}差评未解决：${zh}`;
    },
  ],
  [/^negative review on (\S+), then refused contact on (\S+)$/, (a, b) => `${a} 差评，之后 ${b} 拒绝沟通`],
  [
    /^(\d+) invitations turned down in the last (\d+) days \((.+); limit (\d+)\)$/,
    (n, m, detail, l) => {
      const zh = list(detail ?? '', (item) => {
        const match = /^(\d+) (\w+)$/.exec(item);
        return match && `${match[1]} 次${word(TURNED_DOWN, match[2])}`;
      });
      return zh && `近 ${m} 天 ${n} 次邀约被拒（${zh}；上限 ${l}）`;
    },
  ],
  [
    /^(\d+) scripts rated (\d) or lower in the last (\d+) days: (.+)$/,
    (n, s, m, items) => `近 ${m} 天 ${n} 个剧本评分在 ${s} 分或以下：${items}`,
  ],
  [/^monthly spend (.+) yuan, lower every month$/, (items) => `月消费（元）${items}，逐月下降`],
  [
    /^(.+) \(last (\d+) days\)$/,
    (items, n) => {
      const zh = list(items ?? '', part);
      return zh && `${zh}（近 ${n} 天）`;
    },
  ],
  [
    /^(\d+) visits in the last (\d+) days vs (\d+) in the \d+ days before \(limit (\d+)%\)$/,
    (a, w, b, p) => `近 ${w} 天到店 ${a} 次，之前 ${w} 天 ${b} 次（下限 ${p}%）`,
  ],
  [
    /^(\d+) visits and interactions in the last (\d+) days vs (\d+) in the \d+ days before \(limit (\d+)%\)$/,
    (a, w, b, p) => `近 ${w} 天到店及互动 ${a} 次，之前 ${w} 天 ${b} 次（下限 ${p}%）`,
  ],
  [
    /^no satisfaction survey in the last (\d+) days \(never answered one\)$/,
    (n) => `近 ${n} 天没有满意度回访（从未回答过）`,
  ],
  [
    /^no satisfaction survey in the last (\d+) days \(last on (\S+)\)$/,
    (n, d) => `近 ${n} 天没有满意度回访（上次在 ${d}）`,
  ],
  [
    /^satisfaction survey on (\S+) scored (\d+) \(pass mark (\d+)\)$/,
    (d, s, p) => `${d} 满意度 ${s} 分（及格线 ${p}）`,
  ],
  [/^the last (\d+) contacts went unanswered: (.+)$/, (n, items) => `最近 ${n} 次联系均无回应：${items}`],
  [/^missed appointments? without cancelling: (.+)$/, (items) => `未取消而爽约：${items}`],
  [
    /^expected visits in (\d+) weeks: ([\d.]+); P\(active\) ([\d.]+)$/,
    (w, x, p) => `模型预计 ${w} 周内到店 ${x} 次；仍活跃的概率 ${p}`,
  ],
];

export function evidenceZh(evidence: string): string | undefined {
  for (const [pattern, render] of RULES) {
    const match = pattern.exec(evidence);
    if (match) return render(...match.slice(1).map((group) => group ?? '')) ?? undefined;
  }
  const zh = list(evidence, part);
  return zh;
}

/** The evidence as staff read it: Chinese first when its shape is known, the English beside it. */
export function bilingualEvidence(evidence: string): string {
  const zh = evidenceZh(evidence);
  return zh ? `${zh} / ${evidence}` : evidence;
}
