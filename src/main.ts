import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';
import { AppConfig, ConfigError, loadConfig } from './platform/config/app-config';
import { loadEnvFile } from './platform/config/load-env-file';

async function bootstrap(): Promise<void> {
  loadEnvFile();
  // Validate before anything connects, so a bad setting is one clear message, not a stack trace.
  loadConfig(process.env);
  // rawBody: payment callbacks verify provider signatures over the exact bytes received.
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, rawBody: true });
  configureApp(app);
  const config = app.get(AppConfig);
  await app.listen(config.PORT);
  app.get(Logger).log(`card shop up: role=${config.ROLE} port=${config.PORT} docs=${config.DOCS_ENABLED ? '/docs' : 'off'}`);
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
  } else {
    process.stderr.write(`Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
