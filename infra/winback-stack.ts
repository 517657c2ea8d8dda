import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { WinbackFunction } from './winback-function.ts';

/** The Winback system. Today: the scoring function; the tables, scans and case workflow join it issue by issue. */
export class WinbackStack extends Stack {
  readonly scoreCustomer: WinbackFunction;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.scoreCustomer = new WinbackFunction(this, 'ScoreCustomer', {
      handlerModule: 'score-customer/handler.ts',
      description: 'Scores one customer file under a policy preset (for ops to check a customer by hand)',
    });
  }
}
