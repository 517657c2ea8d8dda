import middy from '@middy/core';
import { z } from 'zod';
import { CustomerScan } from '#shared/adapters/dynamodb/customer-scan.ts';
import { ModelStore } from '#shared/adapters/dynamodb/model-store.ts';
import { tableNamesFromEnv } from '#shared/adapters/table-specs.ts';
import { isoInstant } from '#shared/customer/iso-instant.ts';
import { fitChainModels } from '#shared/model/fit-chain-models.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { logger } from '../logger.ts';
import { observe } from '../middleware/observe.ts';
import { parseEvent } from '../middleware/parse-event.ts';
import { policyFromEnv } from '../policy-from-env.ts';
import { tracedDocumentClient } from '../tracer.ts';

const tables = tableNamesFromEnv();
const doc = tracedDocumentClient();
const policy = policyFromEnv();
const clock = new ZonedClock(policy.timeZone);
const customers = new CustomerScan(doc, tables);
const models = new ModelStore(doc, tables);

export const modelFitEvent = z.object({ asOf: isoInstant });
export type ModelFitEvent = z.infer<typeof modelFitEvent>;

/**
 * The monthly fit: every customer's state as of the scheduled time, one BG/NBD model per store and
 * one for the chain, and the calibrated risk learned from the chain's own past (the customers wound
 * back to a cut a horizon before: the table keeps states, not histories).
 */
export async function fitModels({ asOf }: ModelFitEvent): Promise<{
  models: Array<{ storeId: string; fitted: number; logLikelihood: number }>;
  risk: { chosen: string; horizonWeeks: number; learnedFrom: number; note: string | null };
}> {
  const at = Date.parse(asOf);
  const subjects = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await customers.page(0, 1, startKey);
    subjects.push(...page.customers);
    startKey = page.nextKey;
  } while (startKey);
  const { models: fitted, risk } = fitChainModels(subjects, at, policy, clock);
  await models.save(fitted, policy.version);
  const summary = fitted.map(({ storeId, fitted: n, logLikelihood }) => ({ storeId, fitted: n, logLikelihood }));
  const riskSummary = {
    chosen: risk.chain.chosen,
    horizonWeeks: risk.chain.horizonWeeks,
    learnedFrom: risk.counts.learning,
    note: risk.chain.note,
  };
  logger.info('models fitted', { asOf, models: summary, risk: { ...riskSummary, evaluation: risk.chain.evaluation } });
  // Kept with each model in the table too; a warning in the log is what ops' log queries find.
  for (const { storeId, warnings } of fitted)
    if (warnings.length > 0) logger.warn('model fit not to be trusted', { storeId, warnings });
  return { models: summary, risk: riskSummary };
}

export const handler = middy<ModelFitEvent>().use(observe()).use(parseEvent(modelFitEvent)).handler(fitModels);
