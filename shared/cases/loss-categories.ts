import type { z } from 'zod';
import type { StaffWords } from '../time/staff-time.ts';
import type { lossReasonForm } from './waiting-steps.ts';

export type LossCategory = z.infer<typeof lossReasonForm>['category'];

/**
 * Why a customer was lost (Art. 17), as staff say it: the owner picks one on the loss-reason page,
 * and the churn analysis counts them under it. The category (its id) is what the case keeps.
 */
export const LOSS_CATEGORIES: Record<LossCategory, StaffWords> = {
  price: { zh: '价格', en: 'Price' },
  scripts: { zh: '剧本/产品', en: 'Scripts or products' },
  service: { zh: '服务', en: 'Service' },
  environment: { zh: '环境', en: 'Venue' },
  moved: { zh: '搬走了', en: 'Moved away' },
  competitor: { zh: '竞争对手', en: 'A competitor' },
  no_time: { zh: '没时间', en: 'No time' },
  other: { zh: '其他', en: 'Other' },
};
