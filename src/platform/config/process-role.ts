import type { ProcessRole } from './app-config';

/** ROLE=all runs everything in one process; api and worker split the same build in two. */
export const servesApi = (role: ProcessRole) => role === 'all' || role === 'api';
export const runsWorkers = (role: ProcessRole) => role === 'all' || role === 'worker';
