/**
 * A customer's file cannot take this write, and no retry will change that: its item cannot be
 * read (corrupt), or DynamoDB refuses it. The records are refused with this reason (and kept for
 * repair) instead of a 503 that would have the sender resend them forever; the other customers of
 * the batch are written as usual.
 */
export class UnwritableCustomerError extends Error {
  override readonly name = 'UnwritableCustomerError';
  /** The field the reply names: `customerId` (the file as a whole) unless one field is to blame. */
  readonly field: string;

  constructor(message: string, field = 'customerId', options?: ErrorOptions) {
    super(message, options);
    this.field = field;
  }
}
