import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditLog } from '../../../platform/audit/audit-log';
import { Clock } from '../../../platform/clock/clock';
import { performance } from 'node:perf_hooks';
import { AppConfig, publicBaseUrl } from '../../../platform/config/app-config';
import { BusinessRuleError, ConflictError, NotFoundError, ValidationError } from '../../../platform/http/app-error';
import { limitProblems, mergeSettings, routingSettingProblems, routingSettingsOf, splitSettings } from '../domain/channel-rules';
import { ChannelRecord, ChannelStore } from '../persistence/channel-store';
import { ProviderRegistry } from '../providers/provider-registry';
import { callbackPath } from '../routing/payment-router';
import { ChannelAccess } from './channel-access';
import { channelView, ChannelView } from './channel-view';
import { CredentialsCipher } from './credentials-cipher';

/** What an admin gives to create a channel: its record, with credentials still in clear. */
export type ChannelInput = Omit<ChannelRecord, 'id' | 'credentials' | 'credentialFields' | 'createdAt' | 'updatedAt'> & {
  credentials: Record<string, unknown>;
};

export type ChannelPatch = Partial<Omit<ChannelInput, 'code' | 'provider' | 'settings'>> & {
  /** Merged into the current settings; a key set to null is removed. */
  settings?: Record<string, unknown>;
};

const MAX_CREDENTIAL_LENGTH = 8192;
/** Path segments of the admin API that a channel code would shadow. */
const RESERVED_CODES = ['health'];

/** A channel for the admin: its record without secrets, and the callback URL to register with the provider. */
export type AdminChannelView = ChannelView & { callbackUrl: string };

export interface ChannelTestReport {
  channel: string;
  ok: boolean;
  detail: string;
  latencyMs: number;
  testedAt: string;
}

/** Creating and changing channels (admin): checked against the provider, audited, credentials sealed. */
@Injectable()
export class ChannelsAdmin {
  constructor(
    private readonly store: ChannelStore,
    private readonly providers: ProviderRegistry,
    private readonly cipher: CredentialsCipher,
    private readonly access: ChannelAccess,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async create(input: ChannelInput): Promise<AdminChannelView> {
    if (RESERVED_CODES.includes(input.code)) {
      throw new ValidationError(`The channel code ${input.code} is reserved`, [{ field: 'code', problems: ['reserved'] }]);
    }
    const credentials = this.checkCredentials(input.provider, input.credentials);
    const now = this.clock.now();
    const channel: ChannelRecord = {
      id: randomUUID(),
      code: input.code,
      provider: input.provider,
      displayName: input.displayName,
      enabled: input.enabled,
      priority: input.priority,
      currency: input.currency,
      minAmountMinor: input.minAmountMinor,
      maxAmountMinor: input.maxAmountMinor,
      feeBps: input.feeBps,
      feeFixedMinor: input.feeFixedMinor,
      credentials: this.cipher.seal(input.code, credentials),
      credentialFields: Object.keys(credentials),
      settings: input.settings,
      createdAt: now,
      updatedAt: now,
    };
    this.checkChannel(channel);
    if (!(await this.store.insert(channel))) {
      throw new ConflictError(`A channel with the code ${input.code} exists already`, 'channel_code_taken');
    }
    await this.audit.record({
      action: 'payments.channel.create',
      targetType: 'payment-channel',
      targetId: channel.code,
      details: { ...describe(channel) },
    });
    return this.view(channel);
  }

  async update(code: string, patch: ChannelPatch): Promise<AdminChannelView> {
    const current = await this.mustFind(code, true);
    const { credentials: newCredentials, settings: settingsPatch, ...fields } = patch;
    const next: ChannelRecord = { ...current, ...stripUndefined(fields), updatedAt: this.clock.now() };
    if (settingsPatch) next.settings = mergeSettings(current.settings, settingsPatch);
    if (newCredentials) {
      const credentials = this.checkCredentials(current.provider, newCredentials);
      next.credentials = this.cipher.seal(code, credentials);
      next.credentialFields = Object.keys(credentials);
    }
    this.checkChannel(next);
    await this.store.save(next);
    const before = describe(current);
    const after = describe(next);
    const changed = Object.keys(after).filter((key) => JSON.stringify(after[key]) !== JSON.stringify(before[key]));
    await this.audit.record({
      action: 'payments.channel.update',
      targetType: 'payment-channel',
      targetId: code,
      details: {
        changed: newCredentials ? [...changed, 'credentials'] : changed,
        ...Object.fromEntries(changed.map((key) => [key, after[key]])),
      },
    });
    return this.view(next);
  }

  async list(): Promise<AdminChannelView[]> {
    return (await this.store.all()).map((c) => this.view(c));
  }

  async get(code: string): Promise<AdminChannelView> {
    return this.view(await this.mustFind(code));
  }

  /**
   * "Test this channel": a harmless authenticated call to the provider (within the channel's
   * create timeout) that shows whether its credentials and address work. Audited; changes nothing.
   */
  async test(code: string): Promise<ChannelTestReport> {
    const channel = await this.mustFind(code);
    const provider = this.providers.get(channel.provider);
    const started = performance.now();
    const signal = AbortSignal.timeout(routingSettingsOf(channel.settings).timeoutMs);
    const result = await provider.testChannel(this.access.open(channel), signal).catch((e: unknown) => ({
      ok: false,
      detail: signal.aborted ? 'no answer within the channel timeout' : `the test call failed: ${e instanceof Error ? e.message : String(e)}`,
    }));
    const report = { channel: code, ok: result.ok, detail: result.detail, latencyMs: Math.round(performance.now() - started), testedAt: this.clock.now().toISOString() };
    await this.audit.record({ action: 'payments.channel.test', targetType: 'payment-channel', targetId: code, details: { ok: report.ok, detail: report.detail } });
    return report;
  }

  private view(channel: ChannelRecord): AdminChannelView {
    return { ...channelView(channel), callbackUrl: `${publicBaseUrl(this.config)}${callbackPath(channel.code)}` };
  }

  async mustFind(code: string, lock = false): Promise<ChannelRecord> {
    const channel = await this.store.byCode(code, lock);
    if (!channel) throw new NotFoundError(`No payment channel ${code}`, 'channel_not_found');
    return channel;
  }

  private checkCredentials(providerName: string, given: Record<string, unknown>): Record<string, string> {
    const provider = this.providers.get(providerName);
    const problems = Object.entries(given)
      .filter(([, value]) => typeof value !== 'string' || value.length === 0 || value.length > MAX_CREDENTIAL_LENGTH)
      .map(([key]) => `credentials.${key} must be a non-empty string of at most ${MAX_CREDENTIAL_LENGTH} characters`);
    const credentials = given as Record<string, string>;
    problems.push(...(problems.length === 0 ? provider.credentialProblems(credentials) : []));
    if (problems.length > 0) throw new ValidationError(`Invalid credentials: ${problems.join('; ')}`, [{ field: 'credentials', problems }]);
    return credentials;
  }

  private checkChannel(channel: ChannelRecord): void {
    const provider = this.providers.get(channel.provider);
    const problems = [
      ...limitProblems(channel.minAmountMinor, channel.maxAmountMinor),
      ...routingSettingProblems(channel.settings),
      ...provider.settingProblems(splitSettings(channel.settings).provider),
      ...provider.currencyProblems(channel.currency),
    ];
    if (problems.length > 0) throw new ValidationError(`Invalid channel: ${problems.join('; ')}`, [{ field: 'channel', problems }]);
    if (provider.testOnly && channel.enabled && this.config.NODE_ENV === 'production') {
      throw new BusinessRuleError(
        `The ${provider.name} provider moves no real money and cannot be enabled in production`,
        'test_provider_in_production',
      );
    }
    if (!provider.testOnly && channel.enabled && this.config.NODE_ENV === 'production' && !this.config.PUBLIC_BASE_URL) {
      throw new BusinessRuleError(
        'Set PUBLIC_BASE_URL (the address providers reach the shop at) before enabling a real payment channel',
        'public_base_url_missing',
      );
    }
  }
}

/** The audited facts of a channel: what the admin sees, without ids and timestamps. */
function describe(c: ChannelRecord): Record<string, unknown> {
  const { id: _id, code: _code, createdAt: _created, updatedAt: _updated, ...facts } = channelView(c);
  return facts;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
