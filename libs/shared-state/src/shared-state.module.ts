import {
  ConfigurableModuleBuilder,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { SharedState } from './shared-state';
import type { SharedStateOptions } from './shared-state.options';

/** `SharedState`, or null when no server is configured (every feature per instance). */
export const SHARED_STATE = Symbol('SharedState');
/** Typed injection of `SHARED_STATE` (`SharedState | null`). */
export const InjectSharedState = (): ParameterDecorator => Inject(SHARED_STATE);

/** `url` absent: no shared state. */
type SharedStateModuleOptions = Partial<SharedStateOptions>;

const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN } =
  new ConfigurableModuleBuilder<SharedStateModuleOptions>().build();

@Injectable()
class SharedStateLifecycle implements OnApplicationShutdown {
  constructor(@InjectSharedState() private readonly shared: SharedState | null) {}

  onApplicationShutdown(): void {
    this.shared?.close();
  }
}

/**
 * The state a fleet of instances shares (docs/architecture.md#shared-state):
 * `SHARED_STATE` for the features that use it, opened at start and closed
 * at shutdown; null without a `url`.
 */
@Module({
  providers: [
    {
      provide: SHARED_STATE,
      inject: [MODULE_OPTIONS_TOKEN],
      useFactory: ({ url, ...rest }: SharedStateModuleOptions) =>
        url ? SharedState.open({ url, ...rest }) : null,
    },
    SharedStateLifecycle,
  ],
  exports: [SHARED_STATE],
})
export class SharedStateModule extends ConfigurableModuleClass {}
