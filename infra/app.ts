import { App } from 'aws-cdk-lib';
import { WinbackStack } from './winback-stack.ts';

const app = new App();
// Settings per chain, e.g. `npx cdk synth -c winback:policy=esports -c winback:scanSegments=32`.
const policyPreset = (app.node.tryGetContext('winback:policy') as string | undefined) ?? 'script-kill';
const scanSegments = Number(app.node.tryGetContext('winback:scanSegments') ?? 8);
// No account or region here: `cdk synth` works offline and without credentials.
new WinbackStack(app, 'Winback', { description: 'Winback: customer churn early warning and win-back', policyPreset, scanSegments });
app.synth();
