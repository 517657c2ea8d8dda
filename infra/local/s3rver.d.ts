// The fork of s3rver ships JavaScript only: the part of its API the local stack uses.
declare module '@20minutes/s3rver' {
  export default class S3rver {
    constructor(options: {
      address?: string;
      port?: number;
      directory: string;
      silent?: boolean;
      allowMismatchedSignatures?: boolean;
    });
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}

declare module '@20minutes/s3rver/lib/models/account.js' {
  interface Account {
    id: number;
  }
  const AWSAccount: { registry: Map<string, Account>; DUMMY_ACCOUNT: Account };
  export default AWSAccount;
}
