import { Inject } from '@nestjs/common';
import { OhlcProvider } from './ohlc-provider.port';

/** Injects the app's primary upstream adapter. */
export const InjectOhlcProvider = (): ParameterDecorator => Inject(OhlcProvider);
