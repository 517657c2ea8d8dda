import { App } from 'aws-cdk-lib';
import { WinbackStack } from './winback-stack.ts';

const app = new App();
// No account or region here: `cdk synth` works offline and without credentials.
new WinbackStack(app, 'Winback', { description: 'Winback: customer churn early warning and win-back' });
app.synth();
