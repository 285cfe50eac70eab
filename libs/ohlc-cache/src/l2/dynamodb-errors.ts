/** A conditional write whose condition did not hold: expected, never a failure of L2. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
