import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { loadEnvFile } from '../config/load-env-file';
import { dataSourceOptions } from './data-source-options';

/**
 * The DataSource for the TypeORM CLI (`npm run migration:*`). The app builds its own from the same
 * options; entities are found by file name here because the CLI has no Nest module graph.
 */
loadEnvFile();
const config = loadConfig(process.env);

export default new DataSource({
  ...dataSourceOptions(config),
  entities: [join(__dirname, '..', '..', '**', '*.entity.{ts,js}')],
});
