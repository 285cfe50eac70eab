import {
  describeL2Contract,
  JAVA_SKIP_NOTICE,
  javaIsAvailable,
  REQUIRE_DYNAMODB_LOCAL,
  startAmazonDynamoDbLocalTable,
} from '../testing';

// Amazon's DynamoDB Local (Java 17+), the closest stand-in for the real service. `npm test` must
// pass on a machine without Java, so there the suite is skipped with a notice saying how to run
// it; CI sets REQUIRE_DYNAMODB_LOCAL=true, so it can never be skipped silently there.
// Its JVM answers more slowly than dynalite; the start-up wait itself is bounded at 60 s.
jest.setTimeout(20_000);
if (javaIsAvailable() || process.env[REQUIRE_DYNAMODB_LOCAL] === 'true') {
  describeL2Contract('dynamodb-local', () => startAmazonDynamoDbLocalTable(), {
    startTimeoutMs: 90_000,
  });
} else {
  // Straight to stderr: jest drops the console output of a file whose tests are all skipped.
  process.stderr.write(`\n${JAVA_SKIP_NOTICE}\n\n`);
  describe.skip('DynamoDbCandleStore L2 contract [dynamodb-local]', () => {
    it('needs java on PATH', () => undefined);
  });
}
