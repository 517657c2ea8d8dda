/** The same thresholds for members and regulars. */
export function bothSegments<T>(thresholds: T): { member: T; regular: T } {
  return { member: thresholds, regular: thresholds };
}
