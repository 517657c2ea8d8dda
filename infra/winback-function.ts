import { fileURLToPath } from 'node:url';
import { type CfnResource, Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** Template metadata naming a function's handler module under functions/. */
export const HANDLER_METADATA = 'winback:handler';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export interface WinbackFunctionProps extends Omit<NodejsFunctionProps, 'entry'> {
  /** The handler module under functions/, e.g. `score-customer/handler.ts`. */
  handlerModule: string;
  /**
   * A chain's own policy (validated JSON), compiled into the bundle: at 3-6 KB it does not fit
   * Lambda's 4 KB of environment, and a policy changes only with a deploy anyway.
   */
  policyDocument?: string;
}

/**
 * Every Winback Lambda: Node 24 on ARM64, bundled by the locally installed esbuild (never
 * Docker), ES modules with source maps, X-Ray tracing and a log group kept 90 days, and a role
 * of its own that may write to that log group and nothing else until a grant adds to it (no AWS
 * managed policy: AWSLambdaBasicExecutionRole would let it write to every log group).
 */
export class WinbackFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: WinbackFunctionProps) {
    const { handlerModule, environment, policyDocument, ...rest } = props;
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.THREE_MONTHS });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Winback ${id}`,
    });
    logGroup.grantWrite(role);
    super(scope, id, {
      role,
      entry: `${projectRoot}functions/${handlerModule}`,
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'winback', ...environment },
      bundling: {
        format: OutputFormat.ESM,
        sourceMap: true,
        minify: true,
        keepNames: true,
        target: 'node24',
        forceDockerBundling: false,
        // esbuild's per-bundle size table is noise in a deploy or a test run; its warnings are not.
        logLevel: LogLevel.WARNING,
        // The AWS SDK is bundled, at the version the tests ran (package.json pins it), instead of
        // whatever SDK the Lambda runtime ships that month: tree-shaken and minified with the rest.
        externalModules: [],
        mainFields: ['module', 'main'],
        // ESM bundles need a `require` for the few CommonJS dependencies.
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        ...(policyDocument
          ? { define: { 'process.env.WINBACK_POLICY_DOCUMENT': JSON.stringify(policyDocument) } }
          : {}),
      },
      ...rest,
    });
    // The local runtime binds this function to its module through the synthesized template.
    (this.node.defaultChild as CfnResource).addMetadata(HANDLER_METADATA, handlerModule);
  }
}
