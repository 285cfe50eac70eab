import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call as the fake saw it: the operation (`X-Amz-Target`) and its JSON input. */
export interface SecretsManagerCall {
  readonly target: string;
  readonly input: Record<string, unknown>;
}

/**
 * AWS Secrets Manager's `GetSecretValue` on 127.0.0.1, in its wire format
 * (AWS JSON 1.1: a POST naming the operation in `X-Amz-Target`), for a
 * process pointed at it with `AWS_ENDPOINT_URL_SECRETS_MANAGER`.
 */
export class FakeSecretsManager {
  readonly calls: SecretsManagerCall[] = [];
  private readonly server: Server;

  private constructor(private readonly secrets: Readonly<Record<string, string>>) {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const call = {
          target: String(req.headers['x-amz-target']),
          input: JSON.parse(body || '{}') as Record<string, unknown>,
        };
        this.calls.push(call);
        const [status, answer] = this.answer(call);
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(answer));
      });
    });
  }

  /** @param secrets SecretString by secret id. */
  static async start(secrets: Readonly<Record<string, string>>): Promise<FakeSecretsManager> {
    const fake = new FakeSecretsManager(secrets);
    fake.server.listen(0, '127.0.0.1');
    await once(fake.server, 'listening');
    return fake;
  }

  /** `http://127.0.0.1:<port>`. */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private answer(call: SecretsManagerCall): [number, unknown] {
    const id = String(call.input.SecretId);
    if (call.target !== 'secretsmanager.GetSecretValue') {
      return [400, { __type: 'UnknownOperationException', message: call.target }];
    }
    if (!(id in this.secrets)) {
      return [
        400,
        {
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        },
      ];
    }
    return [
      200,
      {
        ARN: id.startsWith('arn:')
          ? id
          : `arn:aws:secretsmanager:us-east-1:123456789012:secret:${id}`,
        Name: id,
        SecretString: this.secrets[id],
        VersionId: '00000000-0000-0000-0000-000000000001',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 1_700_000_000,
      },
    ];
  }
}
