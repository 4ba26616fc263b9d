// Builds (but does not start listening) the configured Nest application.
import { type INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { ErrorBodyDto, ErrorDetailDto } from './common/error-body.dto';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module';
import { ApiExceptionFilter, bodyParserErrorHandler } from './common/api-exception.filter';
import { textHygieneMiddleware } from './common/text-hygiene';
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
  // First, so every answer carries them, body-parser refusals included.
  app.use(helmet(securityHeaders()));
  const limit = options.config.bodyLimit;
  app.useBodyParser('json', { limit });
  app.useBodyParser('urlencoded', { limit, extended: false });
  // BPMN deployments arrive as XML text; the contract allows up to 5 MiB whatever the JSON limit, and the
  // definitions service answers 413 above that with its own message.
  app.useBodyParser('text', { limit: '6mb', type: ['application/xml', 'text/xml', 'text/plain'] });
  app.use(bodyParserErrorHandler);
  app.use(textHygieneMiddleware);
  app.disable('x-powered-by');
  app.use(metricsMiddleware(app.get(MetricsService)));
  setApiPrefix(app);
  app.useGlobalFilters(new ApiExceptionFilter());

  if (options.config.apiDocs) mountDocs(app);
  await app.init();
  return app;
}

/** /api/v1 for everything but Camunda REST v2 (job workers, api/jobs), at /v2 where Camunda's clients look for it. */
export function setApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'v2/{*path}', method: RequestMethod.ALL }] });
}

/**
 * Helmet's headers with a policy fitted to the web UI: its own scripts only, inline styles (bpmn-js and React set
 * style attributes, Swagger UI has a style block), data:/blob: images and fonts (the favicon, diagram exports); no
 * framing anywhere. No upgrade-insecure-requests: the embedded default is plain HTTP, also on a LAN address.
 */
export function securityHeaders(): Parameters<typeof helmet>[0] {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  };
}

function mountDocs(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, openApiDocument(app), { jsonDocumentUrl: `${DOCS_PATH}/openapi.json` });
}

/** The OpenAPI document served at /api/docs; `npm run api:types` also builds the UI's API types from it. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('reviewflow API')
      .setDescription(
        'BPMN review workflows on Temporal. Log in with POST /api/v1/auth/login, then send the bearer token.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
    // every refusal has this body (contract §2); no controller returns it, so it is named here
    { extraModels: [ErrorBodyDto, ErrorDetailDto] },
  );
}
