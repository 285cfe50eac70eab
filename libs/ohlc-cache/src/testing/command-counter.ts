import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Counts the commands a real DynamoDB client sends, by name (`QueryCommand`,
 * ...), through SDK middleware: the client and the server stay real.
 */
export class CommandCounter {
  private readonly counts = new Map<string, number>();

  /** @param onCommand also sees every command name; `reset` does not affect it. */
  static attach(
    client: DynamoDBDocumentClient,
    onCommand?: (name: string) => void,
  ): CommandCounter {
    const counter = new CommandCounter();
    client.middlewareStack.add(
      (next, context) => (args) => {
        const name = context.commandName ?? 'unknown';
        counter.counts.set(name, (counter.counts.get(name) ?? 0) + 1);
        onCommand?.(name);
        return next(args);
      },
      { step: 'initialize', name: `commandCounter${Math.random()}` },
    );
    return counter;
  }

  count(command: string): number {
    return this.counts.get(command) ?? 0;
  }

  names(): string[] {
    return [...this.counts.keys()];
  }

  reset(): void {
    this.counts.clear();
  }
}
