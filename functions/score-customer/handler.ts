import middy from '@middy/core';
import { z } from 'zod';
import { customerFile } from '#shared/customer/customer-file-schema.ts';
import { isoInstant } from '#shared/customer/iso-instant.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { type CustomerScore, PolicyScorer } from '#shared/scoring/policy-scorer.ts';
import { foldCustomerFile } from '#shared/state/fold-history.ts';
import { logger } from '../logger.ts';
import { observe } from '../middleware/observe.ts';
import { parseEvent } from '../middleware/parse-event.ts';
import { policyFromEnv } from '../policy-from-env.ts';

const chainPolicy = policyFromEnv();

/** "What would this customer score?": ops paste a customer file into the console and read the answer. */
export const scoreCustomerEvent = z.object({
  customer: customerFile,
  asOf: isoInstant.optional(),
  /** A preset to try instead of the chain's own policy. */
  preset: z.string().optional(),
});
export type ScoreCustomerEvent = z.infer<typeof scoreCustomerEvent>;

export async function scoreCustomer(event: ScoreCustomerEvent): Promise<CustomerScore> {
  const scorer = new PolicyScorer(event.preset ? presetPolicy(event.preset) : chainPolicy);
  const asOf = event.asOf === undefined ? Date.now() : Date.parse(event.asOf);
  const { state } = foldCustomerFile(event.customer, asOf);
  const score = scorer.at(asOf).score({ profile: event.customer, state });
  logger.info('scored', {
    customerId: score.customerId,
    alertLevel: score.level,
    indicators: score.indicators.map((finding) => finding.id),
  });
  return score;
}

export const handler = middy<ScoreCustomerEvent, CustomerScore>()
  .use(observe())
  .use(parseEvent(scoreCustomerEvent))
  .handler(scoreCustomer);
