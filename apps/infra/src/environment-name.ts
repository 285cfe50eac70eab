export const DEFAULT_ENVIRONMENT = 'dev';
export const ENVIRONMENT_CONTEXT_KEY = 'environment';
export const ENVIRONMENT_ENV_VAR = 'OHLC_ENVIRONMENT';

// The name becomes part of the table name and of CloudFormation export names; exports only allow
// [A-Za-z0-9:-], and lower case keeps `prod` and `Prod` from becoming two tables.
const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,31}$/;

export function assertEnvironmentName(name: string): string {
  if (!ENVIRONMENT_NAME.test(name)) {
    throw new Error(
      `Invalid environment name '${name}': use 1-32 lower-case letters, digits or '-', starting with a letter`,
    );
  }
  return name;
}

/** Context (`-c environment=prod`) wins over the environment variable, which wins over `dev`. */
export function resolveEnvironmentName(
  contextValue: unknown,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (contextValue !== undefined && typeof contextValue !== 'string') {
    throw new Error(`Context '${ENVIRONMENT_CONTEXT_KEY}' must be a string`);
  }
  const name = contextValue || env[ENVIRONMENT_ENV_VAR] || DEFAULT_ENVIRONMENT;
  return assertEnvironmentName(name);
}
