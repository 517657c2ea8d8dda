import middy from '@middy/core';
import { z } from 'zod';
import { isoInstant } from '#shared/customer/iso-instant.ts';
import { fitStoreModels } from '#shared/model/store-models.ts';
import { CustomerScan } from '#shared/store/dynamodb/customer-scan.ts';
import { ModelStore } from '#shared/store/dynamodb/model-store.ts';
import { tableNamesFromEnv } from '#shared/store/table-specs.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { logger } from '../logger.ts';
import { parseEvent } from '../middleware/parse-event.ts';
import { policyFromEnv } from '../policy-from-env.ts';
import { tracedDocumentClient } from '../tracer.ts';
import { observe } from '../middleware/observe.ts';

const tables = tableNamesFromEnv();
const doc = tracedDocumentClient();
const policy = policyFromEnv();
const clock = new ZonedClock(policy.timeZone);
const customers = new CustomerScan(doc, tables);
const models = new ModelStore(doc, tables);

export const modelFitEvent = z.object({ asOf: isoInstant });
export type ModelFitEvent = z.infer<typeof modelFitEvent>;

/** The monthly fit: every customer's state as of the scheduled time, one model per store and one for the chain. */
export async function fitModels({ asOf }: ModelFitEvent): Promise<{ models: Array<{ storeId: string; fitted: number; logLikelihood: number }> }> {
  const at = Date.parse(asOf);
  const subjects = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await customers.page(0, 1, startKey);
    subjects.push(...page.customers);
    startKey = page.nextKey;
  } while (startKey);
  const fitted = fitStoreModels(subjects, at, 'week', clock);
  await models.save(fitted, policy.version);
  const summary = fitted.map(({ storeId, fitted: n, logLikelihood }) => ({ storeId, fitted: n, logLikelihood }));
  logger.info('models fitted', { asOf, models: summary });
  return { models: summary };
}

export const handler = middy<ModelFitEvent>().use(observe()).use(parseEvent(modelFitEvent)).handler(fitModels);
