import {
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { toIsoSeconds, type IntradayResolution, type StoredCandle } from '@app/ohlc-core';
import { MarketHoursService } from '@app/market-hours';
import { OhlcService } from '@app/ohlc-cache';
import { LiveCandlesService, type LiveCandlesStats, type LiveEvent } from '@app/live-candles';
import { ApiException } from '../common/error-code';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SseStream, type ServerSentEvent } from './sse-stream';

/** What a client may have waiting unread before it is cut off, bytes. */
const MAX_BUFFERED_BYTES = 256 * 1024;

/** The numbers `/metrics` reads: the streams', and the polls' behind them. */
export interface LiveStreamStats extends LiveCandlesStats {
  /** Streams open now. */
  readonly open: number;
  /** Clients cut off for not reading, since start. */
  readonly dropped: number;
}

/**
 * The open live-candle streams of this instance (docs/api.md#live-candles):
 * their limits per instance and per client, what each is sent, the missed
 * candles of a reconnection, and their end at shutdown (a last `shutdown`
 * event, so clients reconnect to another instance).
 */
@Injectable()
export class LiveStreams implements BeforeApplicationShutdown {
  private readonly logger = new Logger('LiveStreams');
  private readonly open = new Map<SseStream, string>();
  private readonly perClient = new Map<string, number>();
  private dropped = 0;

  constructor(
    private readonly live: LiveCandlesService,
    private readonly ohlc: OhlcService,
    private readonly hours: MarketHoursService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Streams the series to the client behind `reply`, after the candles it
   * missed since `lastEventId` (a candle's start, as sent in `id`).
   */
  async stream(
    reply: FastifyReply,
    ticker: string,
    resolution: IntradayResolution,
    client: string,
    lastEventId?: string,
  ): Promise<void> {
    const { enabled, maxStreams, maxStreamsPerClient, heartbeatMs } = this.config.live;
    if (!enabled) {
      throw new ApiException(
        HttpStatus.NOT_IMPLEMENTED,
        'STREAMING_UNSUPPORTED',
        'This deployment cannot stream (a buffered Lambda integration); poll the OHLC route instead',
      );
    }
    const mine = this.perClient.get(client) ?? 0;
    if (this.open.size >= maxStreams || mine >= maxStreamsPerClient) {
      const whose =
        mine >= maxStreamsPerClient ? `this client's ${maxStreamsPerClient}` : `${maxStreams}`;
      throw new ApiException(
        HttpStatus.TOO_MANY_REQUESTS,
        'TOO_MANY_STREAMS',
        `Too many open streams: ${whose} are open; close one first`,
        { 'Retry-After': String(Math.ceil(heartbeatMs / 1000)) },
      );
    }
    const missed = await this.missedSince(ticker, resolution, lastEventId);
    const stream = new SseStream(reply.raw, MAX_BUFFERED_BYTES, () => {
      this.dropped++;
      this.logger.warn(
        `Dropped a live stream of ${ticker} ${resolution}: its client stopped reading`,
      );
    });
    reply.hijack();
    stream.start(reply.getHeaders() as Record<string, string>, heartbeatMs);
    this.open.set(stream, client);
    this.perClient.set(client, mine + 1);
    for (const candle of missed) stream.send(candleEvent(candle, true));
    const unwatch = this.live.watch(ticker, resolution, (event) => {
      if (stream.open) stream.send(toServerSentEvent(event));
    });
    reply.raw.once('close', () => {
      unwatch();
      this.open.delete(stream);
      const left = (this.perClient.get(client) ?? 1) - 1;
      if (left > 0) this.perClient.set(client, left);
      else this.perClient.delete(client);
    });
  }

  stats(): LiveStreamStats {
    return { ...this.live.stats(), open: this.open.size, dropped: this.dropped };
  }

  /** Before the server closes: every stream ends with a `shutdown` event, so it can close. */
  beforeApplicationShutdown(): void {
    for (const stream of this.open.keys()) {
      stream.end({
        event: 'shutdown',
        data: { detail: 'This instance is shutting down; reconnect with Last-Event-ID' },
      });
    }
  }

  /** Candles that closed after the one `lastEventId` names, up to the forming one, from the cache. */
  private async missedSince(
    ticker: string,
    resolution: IntradayResolution,
    lastEventId: string | undefined,
  ): Promise<readonly StoredCandle[]> {
    const last = lastEventId === undefined ? NaN : Date.parse(lastEventId);
    if (!Number.isFinite(last)) return [];
    const now = this.hours.now();
    const forming = this.hours.isOpen(now) ? this.hours.candleStart(resolution, now) : undefined;
    const to = forming ?? now;
    if (to <= last + 1) return [];
    const result = await this.ohlc.getCandles({
      ticker,
      resolution,
      range: { from: last + 1, to },
    });
    return result.candles.filter((c) => c.start > last && c.start < to);
  }
}

function toServerSentEvent(event: LiveEvent): ServerSentEvent {
  switch (event.kind) {
    case 'candle':
      return candleEvent(event.candle, event.final);
    case 'market':
      return {
        event: 'market',
        data: { state: event.state, next_open: toIsoSeconds(event.nextOpen) },
      };
    case 'skipped':
      return {
        event: 'status',
        data: {
          poll: 'skipped',
          detail: event.reason,
          retry_at: event.retryAt === undefined ? null : toIsoSeconds(event.retryAt),
        },
      };
  }
}

/** A candle in the OHLC route's shape (docs/api.md#response-body), and whether it is final. */
function candleEvent(candle: StoredCandle, final: boolean): ServerSentEvent {
  const date = toIsoSeconds(candle.start);
  return {
    event: 'candle',
    id: date,
    data: {
      date,
      open: candle.open,
      high: candle.high,
      low: candle.low,
      close: candle.close,
      ...(candle.volume !== undefined && { volume: candle.volume }),
      final,
    },
  };
}
