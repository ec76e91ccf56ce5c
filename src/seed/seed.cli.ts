import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../app.module';
import { configureApp } from '../configure-app';
import { ConfigError, loadConfig, publicBaseUrl } from '../platform/config/app-config';
import { loadEnvFile } from '../platform/config/load-env-file';
import { formatSeedReport } from './seed-report';
import { seedShop } from './seed-shop';

/**
 * `npm run seed`: boots the shop in this process (migrations applied, workers on), listening on a
 * free port of 127.0.0.1 only, seeds it through its own admin API, prints what to open and stops.
 * On the embedded database, stop the running shop first: that database serves one process.
 */
async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfig(process.env);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, rawBody: true });
  try {
    configureApp(app);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    const result = await seedShop(app, `http://127.0.0.1:${address.port}`);
    process.stdout.write(formatSeedReport(result, publicBaseUrl(config), config.DOCS_ENABLED));
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? `${error.message}\nSee .env.example for every setting.` : error instanceof Error ? error.message : String(error);
  process.stderr.write(`seed failed: ${message}\n`);
  process.exit(1);
});
