import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/**
 * Where reports are kept (S3 in AWS, a local S3 server locally). A copy is written under a key
 * fixed by kind, period and scope, so a rerun replaces it: putting is idempotent.
 */
export class ReportArchive {
  readonly #s3: S3Client;
  readonly #bucket: string;

  constructor(bucket: string, s3?: S3Client) {
    // A local S3 server is addressed by path (http://127.0.0.1:PORT/bucket/key), AWS by virtual host.
    this.#s3 = s3 ?? new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3), maxAttempts: 5 });
    this.#bucket = bucket;
  }

  async put(key: string, body: string, contentType: string): Promise<string> {
    await this.#s3.send(new PutObjectCommand({ Bucket: this.#bucket, Key: key, Body: body, ContentType: contentType }));
    return `s3://${this.#bucket}/${key}`;
  }
}
