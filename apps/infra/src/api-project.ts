import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface NestProject {
  readonly sourceRoot: string;
  readonly entryFile: string;
}

/** Where the API app's sources and build are, relative to the repository root. */
export interface ApiProject {
  /** Its TypeScript sources. */
  readonly sourceRoot: string;
  /** The Lambda handler `npm run build` emits beside the server's entry file. */
  readonly builtHandler: string;
}

/**
 * The API app as `nest-cli.json` declares it, read there rather than spelled
 * here: infra deploys the API's build and checks its sources, and no app names
 * another app's files (the dependency rule of docs/architecture.md).
 */
export function apiProject(root: string): ApiProject {
  const nest = JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8')) as {
    readonly projects: Readonly<Record<string, NestProject>>;
  };
  const { sourceRoot, entryFile } = nest.projects.api;
  return { sourceRoot, builtHandler: join('dist', dirname(entryFile), 'lambda.js') };
}
