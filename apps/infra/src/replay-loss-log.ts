/**
 * The log line of a write the L2 replay queue gave up on (full queue, a refusal for good, or
 * the drain deadline: on Lambda, every invocation's end): `WriteReplayQueue` logs each at error
 * level, and nothing else at that level, as pino JSON (`level` 50). `test/lambda.e2e-spec.ts`
 * checks a real loss line against these fields.
 */
export const REPLAY_LOSS_LOG = { context: 'WriteReplayQueue', level: 50 } as const;

/** The CloudWatch Logs filter pattern matching those lines, for the service stack's alarm. */
export const REPLAY_LOSS_FILTER_PATTERN = `{ ($.context = "${REPLAY_LOSS_LOG.context}") && ($.level = ${REPLAY_LOSS_LOG.level}) }`;
