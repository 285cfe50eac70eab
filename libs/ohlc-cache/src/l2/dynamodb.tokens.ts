/** The DynamoDB document client the L2 adapter talks through; destroyed on shutdown. */
export const DYNAMODB_DOCUMENT_CLIENT = Symbol('OhlcCache.DynamoDbDocumentClient');
/** The in-process DynamoDB-compatible server, present when `l2.backend` is `embedded`. */
export const EMBEDDED_DYNAMODB_SERVER = Symbol('OhlcCache.EmbeddedDynamoDbServer');
