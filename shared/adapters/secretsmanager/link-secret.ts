import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * The link-signing secret, which also keys customer references: LINK_SECRET where it is given
 * (the local stack, a test), else from Secrets Manager (LINK_SECRET_ARN, as deployed). Never logged.
 */
export async function readLinkSecret(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.LINK_SECRET) return env.LINK_SECRET;
  if (!env.LINK_SECRET_ARN) throw new Error('environment variable LINK_SECRET_ARN is not set');
  const { SecretString } = await new SecretsManagerClient({}).send(
    new GetSecretValueCommand({ SecretId: env.LINK_SECRET_ARN }),
  );
  if (!SecretString) throw new Error('the link secret is empty');
  return SecretString;
}
