import S3rver from '@20minutes/s3rver';
import AWSAccount from '@20minutes/s3rver/lib/models/account.js';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './dynamodb-local.ts';

export interface LocalS3 {
  url: string;
  stop(): Promise<void>;
}

/**
 * A local S3-compatible server (s3rver, objects kept as files under `directory`) with the given
 * buckets. It does not check signatures, as DynamoDB Local does not check credentials.
 */
/**
 * s3rver knows one access key (S3RVER); every other local server here takes any, and so does the
 * AWS CLI advice `npm start` prints. Unknown keys are taken as its one account.
 */
function acceptAnyAccessKey(): void {
  const registry = AWSAccount.registry;
  if (registry.get === Map.prototype.get)
    registry.get = (key: string) => Map.prototype.get.call(registry, key) ?? AWSAccount.DUMMY_ACCOUNT;
}

export async function startLocalS3(options: {
  host?: string;
  port?: number;
  directory: string;
  buckets: readonly string[];
}): Promise<LocalS3> {
  const host = options.host ?? '127.0.0.1';
  acceptAnyAccessKey();
  const server = new S3rver({
    address: host,
    port: options.port ?? 0,
    directory: options.directory,
    silent: true,
    allowMismatchedSignatures: true,
  });
  const { port } = await server.run();
  const url = `http://${host}:${port}`;
  const s3 = new S3Client({
    endpoint: url,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
  });
  for (const bucket of options.buckets) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: { name?: string }) => {
      // Kept from an earlier start: the objects in it stay.
      if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
    });
  }
  s3.destroy();
  return { url, stop: () => server.close() };
}
