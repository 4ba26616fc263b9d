// Mounts the web UI on the API's HTTP server. It registers in onModuleInit, which Nest runs after the API routes
// and before its 404 handler, so /api, /api/docs, /health and /metrics are untouched.
import { type DynamicModule, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { defaultUiDistDir, uiStaticHandler } from './ui-static';

export const UI_DIST_DIR = Symbol('UI_DIST_DIR');

@Module({})
export class UiModule implements OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(UI_DIST_DIR) private readonly distDir: string,
  ) {}

  /** `distDir` defaults to UI_DIST_DIR from the environment, else the project's ui/dist. */
  static forRoot(distDir?: string): DynamicModule {
    return {
      module: UiModule,
      providers: [
        { provide: UI_DIST_DIR, useValue: distDir ?? process.env.UI_DIST_DIR ?? defaultUiDistDir() },
      ],
    };
  }

  onModuleInit(): void {
    const server = this.adapterHost.httpAdapter?.getInstance<{ use: (h: unknown) => void }>();
    server?.use(uiStaticHandler(this.distDir));
  }
}
