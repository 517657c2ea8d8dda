import { z } from 'zod';

/**
 * The one rule for the ids of customers, stores and people, checked where they enter (customer
 * files, event batches, profile batches, the staff file): 1 to 64 letters of any script (a
 * Chinese id is fine), their combining marks, decimal digits, and - _ . :
 *
 * Why this narrow: ids are joined with '#' into keys (case keys, ledger codes, snapshot entries)
 * and split on it again; '/' and whitespace break paths, URLs and the CLI; control characters
 * and emoji corrupt logs, masks and Step Functions execution names. Refusing them at the door
 * keeps every join downstream unambiguous without encoding it in a dozen places.
 */
export const ENTITY_ID_RULE =
  '1-64 letters (any script), digits, or - _ . : (no #, /, spaces, control characters or emoji)';

export const ENTITY_ID_MAX = 64;

// Letters, combining marks (scripts such as Thai or Devanagari need them) and decimal digits,
// but not the variation selectors that turn a character into an emoji.
const ENTITY_ID_CHARACTERS = /^(?:(?![\uFE00-\uFE0F\u{E0100}-\u{E01EF}])[\p{L}\p{M}\p{Nd}_.:-])*$/u;

/**
 * An id by the rule. Surrounding whitespace is trimmed (a padded CSV cell is still the id);
 * empty, too long, and a bad character each give their own single message.
 */
export const entityId = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty', abort: true })
  .max(ENTITY_ID_MAX, { message: `too long: expected ${ENTITY_ID_RULE}`, abort: true })
  .regex(ENTITY_ID_CHARACTERS, `expected ${ENTITY_ID_RULE}`);
