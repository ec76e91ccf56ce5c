export const IMPORT_QUEUE = 'card-keys.imports';

export interface ImportJob {
  batchId: string;
}
