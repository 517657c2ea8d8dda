/**
 * When the models are fitted again (in the policy's time zone): on the 1st of each month at 04:00,
 * after the monthly screening, on the whole history so far. One definition: the CDK stack deploys
 * it as an EventBridge Scheduler schedule, and the local stack runs that schedule.
 */
export const MODEL_FIT_SCHEDULE = {
  id: 'MonthlyModelFit',
  description: 'fits the BG/NBD model per store on the 1st of each month at 04:00',
  cron: { minute: '0', hour: '4', day: '1' },
} as const;
