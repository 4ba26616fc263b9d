// Builds (but does not start listening) the configured Nest application.
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module';
import { ApiExceptionFilter, bodyParserErrorHandler } from './common/api-exception.filter';
import { MetricsService, metricsMiddleware } from './health/metrics.service';

export const API_PREFIX = 'api/v1';
export const DOCS_PATH = 'api/docs';

export async function createApp(options: AppModuleOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  const limit = options.config.bodyLimit;
  app.useBodyParser('json', { limit });
  app.useBodyParser('urlencoded', { limit, extended: false });
  // BPMN deployments arrive as XML text; the contract allows up to 5 MiB whatever the JSON limit, and the
  // definitions service answers 413 above that with its own message.
  app.useBodyParser('text', { limit: '6mb', type: ['application/xml', 'text/xml', 'text/plain'] });
  app.use(bodyParserErrorHandler);
  app.disable('x-powered-by');
  app.use(metricsMiddleware(app.get(MetricsService)));
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalFilters(new ApiExceptionFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('reviewflow API')
      .setDescription(
        'BPMN review workflows on Temporal. Log in with POST /api/v1/auth/login, then send the bearer token.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}/openapi.json` });
  await app.init();
  return app;
}
