import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';
import { AppConfig, ConfigError, loadConfig, publicBaseUrl } from './platform/config/app-config';
import { loadEnvFile } from './platform/config/load-env-file';
import { DataDirInUseError } from './platform/database/embedded/data-dir-lock';
import { isNewEmbeddedDatabase } from './platform/database/embedded/embedded-options';
import { formatSeedReport } from './seed/seed-report';
import { seedShop } from './seed/seed-shop';
import { shutDownOnSignals } from './platform/lifecycle/graceful-shutdown';

async function bootstrap(): Promise<void> {
  loadEnvFile();
  // Validate before anything connects, so a bad setting is one clear message, not a stack trace.
  const settings = loadConfig(process.env);
  // A newcomer's first `npm start` (no DATABASE_URL, empty DATA_DIR) gets a shop ready to buy from.
  const firstEmbeddedStart = !settings.DATABASE_URL && isNewEmbeddedDatabase(settings.DATA_DIR);
  // rawBody: payment callbacks verify provider signatures over the exact bytes received.
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, rawBody: true });
  configureApp(app);
  const config = app.get(AppConfig);
  shutDownOnSignals(app, { graceMs: config.SHUTDOWN_GRACE_MS });
  await app.listen(config.PORT);
  app.get(Logger).log(`card shop up: role=${config.ROLE} port=${config.PORT} docs=${config.DOCS_ENABLED ? '/docs' : 'off'}`);
  if (firstEmbeddedStart) {
    try {
      const result = await seedShop(app, `http://127.0.0.1:${config.PORT}`);
      process.stdout.write(formatSeedReport(result, publicBaseUrl(config), config.DOCS_ENABLED));
    } catch (error) {
      // The shop runs all the same; the seed can be repeated by hand (it finishes what is missing).
      app.get(Logger).error(`seeding the new shop failed: ${error instanceof Error ? error.message : String(error)}; stop the shop and run npm run seed`);
    }
  }
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
  } else if (error instanceof DataDirInUseError) {
    process.stderr.write(`Start-up failed: ${error.message}\n`);
  } else {
    process.stderr.write(`Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
