import 'reflect-metadata';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
  validateSync,
} from 'class-validator';

export const ROLES = ['all', 'api', 'worker'] as const;
export type ProcessRole = (typeof ROLES)[number];

const toBoolean = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const text = String(value).toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  return value; // left as is so IsBoolean reports it
};

/**
 * Every setting the process reads, with its default. Each field is one environment variable of the
 * same name; `.env.example` explains them. Validation runs once at start, so a bad value stops the
 * process with a message naming the variable instead of failing later in some request.
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(ROLES)
  ROLE: ProcessRole = 'all';

  /**
   * The address buyers and payment providers reach the shop at (scheme, host, optional port and
   * path prefix; no trailing slash), e.g. https://shop.example.com. Notify and return URLs given to
   * providers are built on it. Unset: http://localhost:PORT, refused for real channels in production.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*[^\s?#/])?$/, {
    message: 'PUBLIC_BASE_URL must be an http(s) URL without a trailing slash, query or fragment',
  })
  PUBLIC_BASE_URL?: string;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /**
   * The PostgreSQL server (production). Unset: an embedded PostgreSQL (PGlite) keeps the data in
   * DATA_DIR; it serves one process only (ROLE=all), which is fine for a small shop or a try-out.
   */
  @ValidateIf((config: AppConfig) => config.DATABASE_URL !== undefined || config.ROLE !== 'all')
  @Matches(/^postgres(ql)?:\/\//, {
    message: ({ value }) =>
      value === undefined
        ? 'DATABASE_URL is required for ROLE=api or worker: the embedded database (DATABASE_URL unset) serves one process only'
        : 'DATABASE_URL must be a postgres:// URL',
  })
  DATABASE_URL?: string;

  /** Where the embedded database keeps its files (under `pglite/`) when DATABASE_URL is unset. Back it up. */
  @Matches(/\S/, { message: 'DATA_DIR must be a directory path' })
  DATA_DIR = './data';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Transform(toBoolean)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  /**
   * Redis for Bull (jobs) and the shared rate-limit counters: the production setup, and the one to
   * use for more than one process. Unset: jobs run in this process from a PostgreSQL table
   * (platform.jobs) and rate-limit counters are kept in this process's memory, which is right for
   * one process only (run no ROLE=api/worker split without it).
   */
  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Without REDIS_URL: how often a worker looks in the job table for due jobs (its own new jobs start at once). */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60_000)
  JOB_POLL_INTERVAL_MS = 250;

  @IsString()
  @Matches(/^[a-zA-Z0-9_-]{1,40}$/, { message: 'QUEUE_PREFIX must be 1-40 letters, digits, _ or -' })
  QUEUE_PREFIX = 'cardshop';

  /**
   * How long a worker's hold on a running job lasts (renewed at half of it while the job runs).
   * A worker that dies (kill -9, lost host) leaves its job to be taken up by another worker after
   * this plus at most QUEUE_STALLED_CHECK_MS. Too short for a busy event loop makes a living
   * worker's job run twice (harmless: handlers are idempotent, but wasteful).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  QUEUE_LOCK_MS = 30_000;

  /** How often each worker looks for jobs whose worker died (their hold ran out). */
  @Type(() => Number)
  @IsInt()
  @Min(500)
  @Max(600_000)
  QUEUE_STALLED_CHECK_MS = 30_000;

  /**
   * On SIGTERM or SIGINT the process stops taking requests and jobs and finishes the running ones;
   * if that takes longer than this, it exits with code 1 anyway (the unfinished jobs run again on
   * another worker). Keep it below the orchestrator's own limit (Kubernetes: 30 s by default).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  SHUTDOWN_GRACE_MS = 25_000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  @Transform(toBoolean)
  @IsBoolean()
  LOG_PRETTY = false;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  THROTTLE_LIMIT = 300;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  THROTTLE_TTL_SECONDS = 60;

  @Transform(toBoolean)
  @IsBoolean()
  TRUST_PROXY = false;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  OUTBOX_POLL_INTERVAL_MS = 200;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  OUTBOX_BATCH_SIZE = 100;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  EVENT_MAX_ATTEMPTS = 8;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  EVENT_RETRY_BACKOFF_MS = 2000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  EVENT_WORKER_CONCURRENCY = 5;

  /** An event delivery running longer fails (and is retried); its transaction is ended by the server. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  EVENT_HANDLER_TIMEOUT_MS = 30_000;

  /** How long checkout waits for promotions before going on at list price. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(60_000)
  PROMOTIONS_CALL_TIMEOUT_MS = 1500;

  /** How long checkout waits for membership before going on without a member price. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(60_000)
  MEMBERSHIP_CALL_TIMEOUT_MS = 1000;

  /**
   * Breakers around the facades checkout may do without (promotions, membership): once at least
   * FACADE_BREAKER_MIN_CALLS calls in the last 10 s were made and more than
   * FACADE_BREAKER_ERROR_PERCENT of them failed or timed out, the module is not called for
   * FACADE_BREAKER_RESET_MS; then one call probes it and a success closes the breaker.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  FACADE_BREAKER_RESET_MS = 30_000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  FACADE_BREAKER_MIN_CALLS = 5;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  FACADE_BREAKER_ERROR_PERCENT = 50;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  EVENT_RETENTION_DAYS = 7;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  IDEMPOTENCY_TTL_HOURS = 24;

  /**
   * Master keys that wrap the card-key data keys: `id:base64(32 bytes)` entries, comma-separated,
   * the first one active. Older ones stay listed until `npm run card-keys:rotate-master-key` has
   * re-wrapped everything under the active key. Required outside development.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$/, {
    message: 'CARD_KEY_MASTER_KEYS must be id:base64-of-32-bytes entries separated by commas',
  })
  CARD_KEY_MASTER_KEYS?: string;

  /** HMAC key of the blind index that finds duplicate card keys (base64 of 32 bytes). Never rotate it. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'CARD_KEY_INDEX_KEY must be base64 of 32 bytes' })
  CARD_KEY_INDEX_KEY?: string;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(50_000)
  CARD_KEY_IMPORT_CHUNK_SIZE = 5000;

  /** How long a buyer has to pay; the order's card keys are held that long. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  ORDER_PAYMENT_WINDOW_MINUTES = 15;

  /** Wrong contact/password tries allowed per order, and per client, in 15 minutes. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  ORDER_LOOKUP_MAX_FAILURES = 5;

  @Transform(toBoolean)
  @IsBoolean()
  DOCS_ENABLED = true;

  @IsOptional()
  @IsString()
  METRICS_TOKEN?: string;

  /**
   * Signs members' access tokens (HS256; 32+ characters). Required in production; changing it signs
   * every member out of their access tokens (refresh tokens still work).
   */
  @IsOptional()
  @IsString()
  @Matches(/^.{32,}$/, { message: 'MEMBER_TOKEN_SECRET must be at least 32 characters' })
  MEMBER_TOKEN_SECRET?: string;

  /** How long a member's access token lasts; the refresh token (30 days) gets a new one. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  MEMBER_ACCESS_TOKEN_MINUTES = 15;

  /** Days a commission stays frozen after its order is paid (a refund inside them reduces it); then it is credited to the wallet. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(365)
  REFERRAL_REFUND_WINDOW_DAYS = 7;

  /** The currency of commissions, wallets and team sales; orders paid in another currency earn no commission. */
  @Matches(/^[A-Z]{3}$/, { message: 'REFERRAL_CURRENCY must be an ISO 4217 code of 3 upper-case letters' })
  REFERRAL_CURRENCY = 'CNY';

  /** The smallest withdrawal from a referral wallet, in minor units. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  REFERRAL_WITHDRAWAL_MIN_MINOR = 1000;

  /** The withdrawal fee in basis points of the amount withdrawn (rounded down); 0 = none. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(5000)
  REFERRAL_WITHDRAWAL_FEE_BPS = 0;

  /** Membership points a paid order earns per whole currency unit (100 minor units) paid. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000)
  MEMBER_POINTS_PER_UNIT = 1;

  /** Wrong passwords allowed per member e-mail in 15 minutes (4 times as many per client) before sign-in answers 429. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  MEMBER_SIGN_IN_MAX_FAILURES = 5;

  /**
   * Partner communities whose users may sign in with a signed assertion: `code:secret` entries,
   * comma-separated; codes lower-case, secrets 32+ characters without commas or spaces. Never logged.
   */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,31}:[^,\s]{32,}(,[a-z0-9][a-z0-9_-]{0,31}:[^,\s]{32,})*$/, {
    message: 'MEMBER_PARTNERS must be code:secret entries separated by commas (lower-case codes, secrets of 32+ characters)',
  })
  MEMBER_PARTNERS?: string;

  /** Days a resolved support ticket waits for the buyer to come back before it is closed for good. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  SUPPORT_AUTO_CLOSE_DAYS = 7;

  /** The shop's name as buyers and the merchant read it in e-mails (subjects, signatures). */
  @IsString()
  @Matches(/^[^\r\n]{1,100}$/, { message: 'SHOP_NAME must be 1-100 characters on one line' })
  SHOP_NAME = 'Card Shop';

  /** The language of e-mails about orders that name none, and of merchant alerts: zh or en. */
  @IsIn(['zh', 'en'])
  SHOP_LANGUAGE: 'zh' | 'en' = 'zh';

  /**
   * The SMTP server e-mails go through: smtp://user:password@host:587 (STARTTLS when the server
   * offers it) or smtps://user:password@host:465 (percent-encode special characters). Unset: no
   * e-mails are sent or queued (said once at start). Never logged.
   */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The sender of every e-mail: `address` or `Name <address>`. Unset: "SHOP_NAME <no-reply@host of PUBLIC_BASE_URL>". */
  @IsOptional()
  @Matches(/^(?:[^<>\r\n]{1,100}<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, {
    message: 'MAIL_FROM must be an e-mail address or Name <address>',
  })
  MAIL_FROM?: string;

  /** Who receives merchant alerts (low stock, paid orders waiting, payment mismatches, ...): addresses, comma-separated. Empty: no alerts. */
  @IsOptional()
  @Matches(/^\s*[^\s@,<>]+@[^\s@,<>]+(\s*,\s*[^\s@,<>]+@[^\s@,<>]+)*\s*$/, {
    message: 'MERCHANT_ALERT_EMAILS must be e-mail addresses separated by commas',
  })
  MERCHANT_ALERT_EMAILS?: string;

  /**
   * Signs the shop's calls to merchants' dynamic-delivery URLs (HMAC-SHA256, 32+ characters; the
   * merchant verifies with the same value). Required in production before dynamic goods go on
   * sale. Never logged, never shown.
   */
  @IsOptional()
  @IsString()
  @Matches(/^\S{32,}$/, { message: 'DYNAMIC_DELIVERY_SECRET must be at least 32 characters without spaces' })
  DYNAMIC_DELIVERY_SECRET?: string;

  /** Calls to the merchant per delivery (first try included) before the order is left waiting for an admin's retry. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  DYNAMIC_DELIVERY_MAX_ATTEMPTS = 5;

  /** Wait before the second call to the merchant; it doubles before each further call. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  DYNAMIC_DELIVERY_BACKOFF_MS = 5000;

  /** How long a webhook receiver has to answer one attempt (connecting included) before it counts as a timeout. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** Attempts per webhook delivery (first try included) before it is marked failed; a resend starts a new series. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  WEBHOOK_MAX_ATTEMPTS = 8;

  /** Base of the exponential backoff between webhook attempts: waits of 1, 3, 7, 15, ... times this. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  WEBHOOK_RETRY_BACKOFF_MS = 30_000;

  /** Webhook requests one worker process sends at the same time. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  WEBHOOK_CONCURRENCY = 10;
}

/** The shop's public address: PUBLIC_BASE_URL, or this machine's port when it is not set. */
export function publicBaseUrl(config: Pick<AppConfig, 'PUBLIC_BASE_URL' | 'PORT'>): string {
  return config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the settings from an environment map (process.env in the app). */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  // An empty variable means "not set", so the default applies.
  const provided = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const config = plainToInstance(AppConfig, provided, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => {
        // Show what was given, not what the conversion made of it; URLs may hold passwords.
        const secret = ['_URL', '_KEY', '_KEYS', '_SECRET', '_TOKEN', '_PARTNERS'].some((end) => e.property.endsWith(end));
        const shown = secret ? '(hidden)' : JSON.stringify(env[e.property] ?? null);
        const reason = Object.values(e.constraints ?? {}).join('; ');
        return `${e.property}=${shown}: ${reason}`;
      }),
    );
  }
  return config;
}
